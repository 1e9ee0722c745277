package org.civcity.notification.service;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.Category;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.CaseView;
import org.civcity.shared.calendar.WorkingCalendar;

/** Renders the Chinese texts of alerts and digests from the Qute templates under templates/. */
@ApplicationScoped
public class MessageRenderer {


    private final Engine engine;
    private final NotificationConfig config;
    /** Times in messages are district time, the calendar's zone. */
    private final DateTimeFormatter time;
    private final UnitNames names;

    public MessageRenderer(Engine engine, NotificationConfig config, WorkingCalendar calendar, UnitNames names) {
        this.engine = engine;
        this.names = names;
        this.config = config;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(calendar.zone());
    }

    /**
     * A text of {@code district}'s finding with what the case projection knows filled in; the caller adds what the
     * event says.
     */
    public AlertText text(String district, String type, UUID findingId, String unit, CaseView view) {
        AlertText text = new AlertText();
        text.type = type;
        text.findingId = findingId;
        text.unit = unitName(district, unit);
        text.link = link(findingId);
        if (view != null) {
            if (view.siteName != null) {
                text.site = view.siteName;
            }
            text.siteType = view.siteType == null ? "" : SiteType.valueOf(view.siteType).label();
            text.category = view.category == null ? "" : Category.valueOf(view.category).label();
            text.severity = view.severity == null ? "" : Severity.valueOf(view.severity).label();
            text.township = view.township == null || view.township.equals(unit) ? null
                    : unitName(district, view.township);
        }
        return text;
    }

    /** The full text: the first line is the subject, the rest the body. */
    public String alert(AlertText text) {
        return render("alerts/" + file(text.type), text);
    }

    /** The short text for SMS. */
    public String sms(AlertText text) {
        return render("sms/" + file(text.type), text);
    }

    public String render(String template, Object data) {
        Template found = engine.getTemplate(template + ".txt");
        if (found == null) {
            throw new IllegalStateException("No template " + template);
        }
        return found.render(data).strip();
    }

    public boolean hasSms(String type) {
        return engine.getTemplate("sms/" + file(type) + ".txt") != null;
    }

    /** The name people use of {@code district}'s unit {@code code}. */
    public String unitName(String district, String code) {
        return names.name(district, code);
    }

    public String roleName(String code) {
        return code == null ? null : config.roleNames().getOrDefault(code, code);
    }

    public String link(UUID findingId) {
        return config.caseLink().replace("{findingId}", findingId.toString());
    }

    public String time(Instant instant) {
        return instant == null ? "" : time.format(instant);
    }

    /** Overdue time in hours and minutes, or seconds when under a minute. */
    public static String duration(long seconds) {
        long days = seconds / 86400;
        long hours = (seconds % 86400) / 3600;
        long minutes = (seconds % 3600) / 60;
        if (days > 0) {
            return days + "天" + hours + "小时";
        }
        return hours > 0 ? hours + "小时" + minutes + "分钟" : minutes > 0 ? minutes + "分钟" : seconds + "秒";
    }

    public static String outcome(CaseClosed.Outcome outcome) {
        return switch (outcome) {
            case FIXED -> "已整改";
            case NOT_RESPONSIBLE -> "非本单位职责";
            case DUPLICATE -> "重复问题";
            case UNABLE -> "无法整改";
        };
    }

    /** Template file of an event type: "escalation.raised" is escalation-raised.txt. */
    private static String file(String type) {
        return type.replace('.', '-');
    }
}
