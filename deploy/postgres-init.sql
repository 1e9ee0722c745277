-- Each service owns its own database; run once by the PostgreSQL container at first start.
CREATE DATABASE findings;
CREATE DATABASE assignment;
CREATE DATABASE escalation;
CREATE DATABASE notification;
