package org.civcity.contracts;

/** Kinds of assessed site named in the campaign's inspection rules. */
public enum SiteType {
    RESIDENTIAL_COMPOUND("小区"),
    BACK_ALLEY("背街小巷"),
    MAIN_ROAD("主次干道"),
    COMMUNITY("社区"),
    FARMERS_MARKET("农贸市场"),
    MALL_SUPERMARKET("商城超市");

    private final String label;

    SiteType(String label) {
        this.label = label;
    }

    /** The Chinese name people read in messages and on the board. */
    public String label() {
        return label;
    }
}
