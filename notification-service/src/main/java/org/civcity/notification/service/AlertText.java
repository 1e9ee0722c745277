package org.civcity.notification.service;

import io.quarkus.qute.TemplateData;
import java.util.UUID;

/** What an alert's templates may say, already in the words people read (names, district time, labels). */
@TemplateData
public class AlertText {

    public String type;
    public UUID findingId;
    public String site = "（点位未知）";
    public String siteType = "";
    public String category = "";
    public String severity = "";
    public String unit;
    public String township;
    public int level;
    public String target;
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
