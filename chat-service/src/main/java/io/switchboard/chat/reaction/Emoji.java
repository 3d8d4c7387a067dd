package io.switchboard.chat.reaction;

import java.text.BreakIterator;
import java.util.regex.Pattern;

/**
 * What a reaction may be: one emoji (one grapheme: a flag, a skin tone, a family and a keycap
 * count as one) or a {@code :shortcode:} of at most 32 characters, colons included.
 */
final class Emoji {

    private static final Pattern SHORTCODE = Pattern.compile("^:[a-z0-9_+-]{1,30}:$");
    private static final int KEYCAP = 0x20E3;

    private Emoji() {
    }

    static boolean isValid(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        if (SHORTCODE.matcher(text).matches()) {
            return true;
        }
        var graphemes = BreakIterator.getCharacterInstance();
        graphemes.setText(text);
        graphemes.first();
        if (graphemes.next() != text.length()) {
            return false; // more than one grapheme
        }
        return text.codePoints().anyMatch(cp -> Character.isExtendedPictographic(cp) || isRegionalIndicator(cp)
                || cp == KEYCAP);
    }

    private static boolean isRegionalIndicator(int codePoint) {
        return codePoint >= 0x1F1E6 && codePoint <= 0x1F1FF;
    }
}
