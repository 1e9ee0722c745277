package org.civcity.contracts;

/** How a finding was observed. */
public enum FindingSource {
    UNANNOUNCED_INSPECTION,
    MOCK_EVALUATION,
    SUPERVISION_CHECK,
    CITIZEN_REPORT,
    SELF_CHECK
}
