/*
 * Copyright 2026 the netsmtp authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.netsmtp;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterEnums.ECharacterCategory;
import com.ibm.icu.text.IDNA;
import java.util.Locale;
import java.util.Set;

/**
 * IDNA2008 domain names (RFC 5890-5893) through ICU4J's UTS #46 implementation, non-transitional,
 * with the contextual and bidi rules and STD3 ASCII rules, then RFC 5892's code point rule on each
 * U-label, which UTS #46 alone is looser about (it lets symbols such as emoji through).
 */
final class Idna {

    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.NONTRANSITIONAL_TO_UNICODE
            | IDNA.CHECK_BIDI
            | IDNA.CHECK_CONTEXTJ
            | IDNA.CHECK_CONTEXTO
            | IDNA.USE_STD3_RULES);

    /** RFC 5892 section 2.6: exceptions that are PVALID whatever their category. */
    private static final Set<Integer> PVALID_EXCEPTIONS = Set.of(0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007);

    /** RFC 5892 section 2.6: exceptions that are DISALLOWED whatever their category. */
    private static final Set<Integer> DISALLOWED_EXCEPTIONS =
            Set.of(0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B);

    /** RFC 5892 appendix A: CONTEXTJ (ZWNJ, ZWJ) and CONTEXTO, whose context UTS #46's checks test. */
    private static final Set<Integer> CONTEXTUAL = Set.of(0x200C, 0x200D, 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB);

    private Idna() {}

    static String toAscii(String domain) {
        if (domain.startsWith("[") || (SmtpSyntax.isAscii(domain) && !hasAceLabel(domain))) {
            return domain;
        }
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        StringBuilder ascii = new StringBuilder(name.length() + 16);
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToASCII(name, ascii, info);
        if (info.hasErrors()) {
            throw invalid(domain, "UTS #46 processing fails with " + info.getErrors());
        }
        StringBuilder unicode = new StringBuilder(name.length());
        IDNA.Info back = new IDNA.Info();
        UTS46.nameToUnicode(ascii.toString(), unicode, back);
        for (int i = 0; i < unicode.length(); ) {
            int cp = unicode.codePointAt(i);
            if (cp >= 0x80 && !allowed(cp)) {
                throw invalid(
                        domain,
                        String.format(
                                Locale.ROOT,
                                "U+%04X (%s) is not allowed in a domain name by IDNA2008 (RFC 5892)",
                                cp,
                                UCharacter.getName(cp)));
            }
            i += Character.charCount(cp);
        }
        return ascii.toString();
    }

    private static boolean hasAceLabel(String domain) {
        return domain.toLowerCase(Locale.ROOT).startsWith("xn--")
                || domain.toLowerCase(Locale.ROOT).contains(".xn--");
    }

    /** RFC 5892 section 2.1 (LetterDigits) with the section 2.6 exceptions and the contextual code points. */
    private static boolean allowed(int cp) {
        if (PVALID_EXCEPTIONS.contains(cp) || CONTEXTUAL.contains(cp)) {
            return true;
        }
        if (DISALLOWED_EXCEPTIONS.contains(cp)) {
            return false;
        }
        int type = UCharacter.getType(cp);
        return type == ECharacterCategory.LOWERCASE_LETTER
                || type == ECharacterCategory.OTHER_LETTER
                || type == ECharacterCategory.MODIFIER_LETTER
                || type == ECharacterCategory.NON_SPACING_MARK
                || type == ECharacterCategory.COMBINING_SPACING_MARK
                || type == ECharacterCategory.DECIMAL_DIGIT_NUMBER;
    }

    private static IllegalArgumentException invalid(String domain, String why) {
        return new IllegalArgumentException("the domain \"" + SmtpSyntax.printable(domain)
                + "\" has no valid IDNA2008 (UTS #46, non-transitional) form: " + why);
    }
}
