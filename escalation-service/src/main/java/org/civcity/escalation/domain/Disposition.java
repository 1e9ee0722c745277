package org.civcity.escalation.domain;

/** What followed an escalation (追责问责 outcomes), as the civilization office or a leader decided it. */
public enum Disposition {
    /** 约谈: a talk with the person responsible. */
    TALK("约谈"),
    /** 通报批评: criticism circulated district-wide. */
    CIRCULATED_CRITICISM("通报批评"),
    /** 诫勉谈话: a formal admonishment. */
    ADMONISHMENT("诫勉谈话"),
    /** 书面检查: a written self-review. */
    WRITTEN_SELF_REVIEW("书面检查"),
    /** 免予追责: no consequence, for a recorded reason. */
    EXEMPTION("免予追责");

    private final String label;

    Disposition(String label) {
        this.label = label;
    }

    /** The word the district uses. */
    public String label() {
        return label;
    }
}
