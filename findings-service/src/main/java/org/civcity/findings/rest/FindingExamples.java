package org.civcity.findings.rest;

/**
 * Examples in findings-service's OpenAPI document: a mock evaluation's finding as posted, as stored and once
 * assigned. The document's lint checks each against its schema.
 */
final class FindingExamples {

    static final String REQUEST = """
            {"source": "MOCK_EVALUATION", "sourceSystem": "wenming-eval", "sourceReference": "2026-R4-0017",
             "inspectionRound": "2026-R4", "siteType": "BACK_ALLEY", "siteName": "解放路后巷",
             "siteCode": "JFL-HX-03", "siteAddress": "解放路12号后巷", "townshipName": "新华街道",
             "category": "SANITATION", "subcategory": "OVERFLOWING_BINS", "severity": "MEDIUM",
             "description": "垃圾桶满溢，路面有积存垃圾",
             "observedAt": "2026-12-02T09:30:00+08:00", "latitude": 30.2741, "longitude": 120.1551,
             "evidence": [{"url": "https://evidence.example.gov.cn/2026-R4/0017-1.jpg",
               "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
               "mediaType": "image/jpeg"}],
             "reporter": "第三方测评第3组", "deductionPoints": 0.5}
            """;

    private static final String STORED = """
            "id": "0b5f6c1e-8f4a-4c3e-9a55-2f1d7c0e9b11", "source": "MOCK_EVALUATION",
             "sourceSystem": "wenming-eval", "sourceReference": "2026-R4-0017", "inspectionRound": "2026-R4",
             "siteType": "BACK_ALLEY", "siteName": "解放路后巷", "siteCode": "JFL-HX-03",
             "siteAddress": "解放路12号后巷", "townshipName": "新华街道", "category": "SANITATION",
             "subcategory": "OVERFLOWING_BINS",
             "severity": "MEDIUM", "description": "垃圾桶满溢，路面有积存垃圾",
             "observedAt": "2026-12-02T01:30:00Z", "latitude": 30.2741, "longitude": 120.1551,
             "evidence": [{"url": "https://evidence.example.gov.cn/2026-R4/0017-1.jpg",
               "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
               "mediaType": "image/jpeg"}],
             "reporter": "第三方测评第3组", "deductionPoints": 0.5, "repeatOf": null, "repeatCount": 0,
             "duplicateOf": null, "reportedAt": "2026-12-02T01:31:07.412Z",\
            """;

    static final String REPORTED = "{" + STORED + """
             "status": "REPORTED", "assignedUnit": null, "township": null, "rectifyBy": null,
             "escalationLevel": 0, "closedAt": null, "outcome": null,
             "timeline": [{"type": "finding.reported", "occurredAt": "2026-12-02T01:31:07.412Z",
               "summary": "Reported by wenming-eval (2026-R4-0017)"}]}
            """;

    static final String ASSIGNED = "{" + STORED + """
             "status": "ASSIGNED", "assignedUnit": "URBAN_MANAGEMENT", "township": "XINHUA_SUBDISTRICT",
             "rectifyBy": "2026-12-04T09:31:07.412Z", "escalationLevel": 0, "closedAt": null, "outcome": null,
             "timeline": [{"type": "finding.reported", "occurredAt": "2026-12-02T01:31:07.412Z",
               "summary": "Reported by wenming-eval (2026-R4-0017)"},
              {"type": "finding.assigned", "occurredAt": "2026-12-02T01:31:07.530Z",
               "summary": "Dispatched to URBAN_MANAGEMENT with XINHUA_SUBDISTRICT; rectify by 2026-12-04 17:31"}]}
            """;

    static final String PAGE = "{\"items\": [" + ASSIGNED + "], \"nextCursor\": "
            + "\"MjAyNi0xMi0wMlQwMTozMTowNy40MTJafDBiNWY2YzFlLThmNGEtNGMzZS05YTU1LTJmMWQ3YzBlOWIxMQ\"}";

    private FindingExamples() {
    }
}
