package io.tastestream.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Names' regex-free whitespace and hyphen folding gives exactly what the regex spelling of the rule gives. */
class NamesTest {
    private static String regexKey(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).trim()
                .replaceAll("\\s+", " ");
    }

    private static String regexTagKey(String tag) {
        return regexKey(tag).replaceAll("[-_]+", " ").replaceAll("\\s+", " ").trim();
    }

    @Test
    void keysEqualTheRegexRuleOnRandomNames() {
        char[] alphabet = {'a', 'B', ' ', ' ', '\t', '\n', '\r', '\f', '\u000B', '-', '_', 'É', '\u00A0', '\u2003',
                'ß', 'ﬁ', '\u0001', '.'};
        Random random = new Random(7);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String name = s.toString();
            assertThat(Names.key(name)).as("key of [%s]", name).isEqualTo(regexKey(name));
            assertThat(Names.tagKey(name)).as("tag key of [%s]", name).isEqualTo(regexTagKey(name));
        }
    }

    @Test
    void aNameSeenBeforeGivesTheSameKeyInstanceAndTheMemoStaysBounded() {
        String first = Names.key(new String("Godspeed You! Black Emperor"));
        assertThat(Names.key(new String("Godspeed You! Black Emperor"))).isSameAs(first);
        assertThat(Names.tagKey(new String("Post-Rock"))).isSameAs(Names.tagKey(new String("Post-Rock")))
                .isEqualTo("post rock");
        for (int i = 0; i <= Names.MEMO_SIZE; i++) {
            assertThat(Names.key("Artist " + i)).isEqualTo("artist " + i);
        }
        assertThat(Names.rememberedKeys()).isLessThanOrEqualTo(Names.MEMO_SIZE);
        assertThat(Names.key("Godspeed You! Black Emperor")).isEqualTo(first);
    }

    @Test
    void examples() {
        assertThat(Names.key(" Sigur  Rós ")).isEqualTo("sigur rós");
        assertThat(Names.key("plain name")).isEqualTo("plain name");
        assertThat(Names.tagKey("Hip-Hop")).isEqualTo("hip hop");
        assertThat(Names.tagKey("-post--rock_ ")).isEqualTo("post rock");
        assertThat(Names.key(null)).isNull();
    }
}
