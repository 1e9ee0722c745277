-- Each service's copy of the calendars in force, as last received from civcity.calendars: a service that starts
-- while the broker is away still counts working time on the latest calendar it knew.
CREATE TABLE published_calendar (
    year                 INTEGER PRIMARY KEY,
    version              INTEGER      NOT NULL,
    source               TEXT         NOT NULL,
    holidays             DATE[]       NOT NULL,
    swapped_working_days DATE[]       NOT NULL,
    published_by         VARCHAR(100) NOT NULL,
    published_at         TIMESTAMPTZ  NOT NULL
);
