package org.civcity.contracts;

/** How serious a finding is; drives the rectification deadline. */
public enum Severity {
    LOW("轻微"),
    MEDIUM("一般"),
    HIGH("严重"),
    CRITICAL("特别严重");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The Chinese name people read in messages and on the board. */
    public String label() {
        return label;
    }
}
