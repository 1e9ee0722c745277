package org.civcity.notification.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.Recipient;

/** A recipient as read: robot URLs with their key or token masked, the DingTalk secret only as present or not. */
public record RecipientView(UUID id, String role, String unit, String name, String webhookUrl, String email,
        String mobile, String quietHours, boolean active, int version, Instant updatedAt, String updatedBy,
        String wecomWebhookUrl, String dingtalkWebhookUrl, boolean dingtalkSigned, String account,
        List<String> delegates, int priority) {

    public static RecipientView of(Recipient r) {
        return new RecipientView(r.id, r.role, r.unit, r.name, r.webhookUrl, r.email, r.mobile, r.quietHours,
                r.active, r.version, r.updatedAt, r.updatedBy, masked(r.wecomWebhookUrl),
                masked(r.dingtalkWebhookUrl), r.dingtalkSecret != null, r.account, r.delegateList(), r.priority);
    }

    /** The URL with the value of its key or access_token replaced: whoever has it can post to the group. */
    public static String masked(String url) {
        return url == null ? null : url.replaceAll("([?&](?:key|access_token)=)[^&]*", "$1***");
    }
}
