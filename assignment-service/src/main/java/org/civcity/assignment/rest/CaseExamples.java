package org.civcity.assignment.rest;

/** Examples in assignment-service's OpenAPI document; the document's lint checks each against its schema. */
final class CaseExamples {

    /** A case its lead department has acknowledged, in a township with a grid, with its history. */
    static final String ACKNOWLEDGED = """
            {"findingId": "0b5f6c1e-8f4a-4c3e-9a55-2f1d7c0e9b11", "generation": 1, "state": "ACKNOWLEDGED",
             "leadUnit": "URBAN_MANAGEMENT", "township": "XINHUA_SUBDISTRICT", "townshipName": "新华街道",
             "grid": "DONGFENG_COMMUNITY_GRID_1",
             "supportingUnits": ["ECOLOGY_ENVIRONMENT"], "category": "SANITATION", "subcategory": "OVERFLOWING_BINS",
             "severity": "MEDIUM", "siteType": "BACK_ALLEY", "siteName": "解放路后巷", "repeatCount": 0,
             "deductionPoints": 0.5,
             "dispatchedAt": "2026-12-02T01:31:07.530Z", "acknowledgeBy": "2026-12-03T01:31:07.530Z",
             "rectifyBy": "2026-12-09T01:31:07.530Z", "acknowledgeRule": "1 working days",
             "rectifyRule": "5 working days", "policyVersion": "2026.1", "routingVersion": "12",
             "acknowledgedAt": "2026-12-02T02:05:44.100Z", "acknowledgedBy": "handler-um", "rectifiedAt": null,
             "reworkCount": 0, "transferCount": 0, "extensionCount": 0, "pendingTransfer": null,
             "pendingExtensionUntil": null, "closedAt": null, "outcome": null, "overdue": false,
             "history": [
              {"generation": 1, "action": "DISPATCHED", "actor": "routing", "at": "2026-12-02T01:31:07.530Z",
               "detail": "To URBAN_MANAGEMENT with XINHUA_SUBDISTRICT; rectify by 2026-12-09T01:31:07.530Z"},
              {"generation": 1, "action": "ACKNOWLEDGED", "actor": "handler-um", "at": "2026-12-02T02:05:44.100Z",
               "detail": null}]}
            """;

    private CaseExamples() {
    }
}
