package org.civcity.contracts;

/** How serious a finding is; drives the rectification deadline. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
