package org.civcity.contracts;

/** The five focus areas a finding belongs to. */
public enum Category {
    SANITATION("环境卫生"),
    TRAFFIC_ORDER("交通秩序"),
    PUBLIC_SERVICE("公共服务"),
    CIVIC_CONDUCT("市民素质"),
    PUBLICITY("社会氛围");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    /** The Chinese name people read in messages and on the board. */
    public String label() {
        return label;
    }
}
