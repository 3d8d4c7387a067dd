package io.switchboard.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The rules as Hibernate Validator applies a {@code @Pattern}: the whole value must match. */
class TextRulesTest {

    private static final Pattern LINE = Pattern.compile(TextRules.LINE);
    private static final Pattern TEXT = Pattern.compile(TextRules.TEXT);
    private static final Pattern SECRET = Pattern.compile(TextRules.SECRET);

    @Test
    void aSingleLineRefusesEveryC0ControlAndDel() {
        for (char c = 0; c < 0x20; c++) {
            assertThat(LINE.matcher("a" + c + "b").matches()).as("U+%04X", (int) c).isFalse();
            assertThat(LINE.matcher("ab" + c).matches()).as("U+%04X at the end", (int) c).isFalse();
        }
        assertThat(LINE.matcher("a\u007Fb").matches()).isFalse();
        assertThat(LINE.matcher("").matches()).isTrue();
        assertThat(LINE.matcher("Ann O'Neil \u00E9\u4E2D\uD83D\uDE00 50% off_x").matches()).isTrue();
    }

    @Test
    void textKeepsTabAndLineBreaksAndRefusesTheOtherC0Controls() {
        for (char c = 0; c < 0x20; c++) {
            boolean allowed = c == '\t' || c == '\n' || c == '\r';
            assertThat(TEXT.matcher("a" + c + "b").matches()).as("U+%04X", (int) c).isEqualTo(allowed);
        }
        assertThat(TEXT.matcher("line one\r\n\tline two\n").matches()).isTrue();
        assertThat(TEXT.matcher("x".repeat(100_000) + "\u0000").matches()).isFalse();
    }

    @Test
    void aSecretRefusesOnlyNul() {
        assertThat(SECRET.matcher("pass\u0000word").matches()).isFalse();
        assertThat(SECRET.matcher("pass\tw\u0007ord\n\u007F").matches()).isTrue();
    }
}
