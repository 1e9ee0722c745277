package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A person or office holding a role for a unit (or district-wide), with the addresses alerts go to. */
@Entity
@Table(name = "recipient")
public class Recipient extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The district it belongs to (#24). */
    @Column(nullable = false)
    public String district;

    @Column(nullable = false)
    public String role;

    /** Null: the role district-wide, e.g. the principal leaders. */
    public String unit;

    @Column(nullable = false)
    public String name;

    @Column(name = "webhook_url")
    public String webhookUrl;

    public String email;

    public String mobile;

    /** A WeChat Work group robot's webhook (its key is in the URL: never shown whole). */
    @Column(name = "wecom_webhook_url")
    public String wecomWebhookUrl;

    /** A DingTalk custom robot's webhook (its access token is in the URL: never shown whole). */
    @Column(name = "dingtalk_webhook_url")
    public String dingtalkWebhookUrl;

    /** The DingTalk robot's signing secret (加签), sealed; never shown. */
    @Column(name = "dingtalk_secret")
    public String dingtalkSecret;

    /** The person's own account (Keycloak user name): may acknowledge their alerts through the API. */
    public String account;

    /** Accounts that may acknowledge on the person's behalf (e.g. a secretary), comma-separated. */
    public String delegates;

    /** Order among the holders of one role and unit: an unanswered alert goes on to the next (lowest first). */
    @Column(nullable = false)
    public int priority;

    /** Local time range without alerts, e.g. 22:00-07:00. */
    @Column(name = "quiet_hours")
    public String quietHours;

    @Column(nullable = false)
    public boolean active;

    /** Incremented by every change; a stale update is refused. */
    @Version
    @Column(nullable = false)
    public int version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    /** Whether {@code account} is this person's or one of their delegates'. */
    public boolean answersFor(String caller) {
        return caller != null && (caller.equals(account) || delegateList().contains(caller));
    }

    public java.util.List<String> delegateList() {
        return delegates == null || delegates.isBlank() ? java.util.List.of()
                : java.util.Arrays.stream(delegates.split(",")).map(String::strip).filter(d -> !d.isEmpty()).toList();
    }
}
