package dev.portcullis.history;

import java.util.Locale;

/**
 * Where an address is from, as far as the geo databases know.
 *
 * @param countryCode ISO 3166-1 alpha-2 code (upper case), or "" when unknown
 * @param asn         the autonomous system number, or 0 when unknown
 * @param asName      the network's name (organization of the AS), or "" when unknown
 */
public record Origin(String countryCode, long asn, String asName) {

    public static final Origin UNKNOWN = new Origin("", 0, "");

    public Origin {
        countryCode = countryCode == null ? "" : countryCode.toUpperCase(Locale.ROOT);
        asName = asName == null ? "" : asName;
        if (asn < 0) {
            asn = 0;
        }
    }

    public boolean countryKnown() {
        return !countryCode.isEmpty();
    }

    public boolean asnKnown() {
        return asn > 0;
    }

    /** The country's name in the given language ("" when unknown; the code when Java does not know it). */
    public String countryName(Locale language) {
        if (!countryKnown()) {
            return "";
        }
        String name = new Locale("", countryCode).getDisplayCountry(language);
        return name.isEmpty() ? countryCode : name;
    }
}
