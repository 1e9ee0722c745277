package org.civcity.contracts;

/** Kinds of assessed site named in the campaign's inspection rules. */
public enum SiteType {
    RESIDENTIAL_COMPOUND,
    BACK_ALLEY,
    MAIN_ROAD,
    COMMUNITY,
    FARMERS_MARKET,
    MALL_SUPERMARKET
}
