package io.tastestream.core.serde;

import java.nio.charset.StandardCharsets;

/** UTF-8 strings: the keys of every topic (user ids, item keys). */
public final class StringCodec implements Codec<String> {
    public static final StringCodec INSTANCE = new StringCodec();

    private StringCodec() {}

    @Override
    public byte[] encode(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String describes() {
        return "String";
    }
}
