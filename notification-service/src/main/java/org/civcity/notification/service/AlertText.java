package org.civcity.notification.service;

import io.quarkus.qute.TemplateData;
import java.util.UUID;

/** What an alert's templates may say, already in the words people read (names, district time, labels). */
@TemplateData
public class AlertText {

    /** The unit that leads the rectification. */
    public static final String LEAD = "LEAD";
    /** The township or subdistrict where the problem lies, answering for it too (属地管理). */
    public static final String TERRITORIAL = "TERRITORIAL";
    /** A unit the routing names to support the lead unit. */
    public static final String SUPPORTING = "SUPPORTING";

    public String type;
    public UUID findingId;
    public String site = "（点位未知）";
    public String siteType = "";
    public String category = "";
    public String severity = "";
    /** The addressee's unit, by name. */
    public String unit;
    public String township;
    /** For a dispatch: the addressee's part ({@link #LEAD}, {@link #TERRITORIAL} or {@link #SUPPORTING}). */
    public String part = LEAD;
    /** For a dispatch: the lead unit, by name. */
    public String lead;
    public int level;
    public String target;
    /** Every party an escalation level addresses, with the people in post, as one line. */
    public String parties;
    /** The escalation is of a leader's instruction (批示) not carried out in time. */
    public boolean instruction;
    /** The escalation is of a listed site's supervision order (挂牌督办) not carried out in time. */
    public boolean listing;
    /** A leader's instruction: who gave it and what it says. */
    public String instructedBy;
    /** Where in the township the problem lies: its community grid (社区/网格). */
    public String grid;
    public boolean acknowledgement;
    public String overdue;
    public String deadline;
    public String acknowledgeBy;
    public long share;
    public int reworkCount;
    public String outcome;
    public String note;
    public String link;
}
