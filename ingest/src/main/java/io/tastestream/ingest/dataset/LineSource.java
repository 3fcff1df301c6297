package io.tastestream.ingest.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file line by line, decoding each line on its own. A Reader would fail the whole file on the first
 * malformed byte (or silently replace it); decoding per line lets us report exactly which line is not valid
 * in the expected charset and keep the rest. LF or CRLF endings; a UTF-8 byte-order mark on line 1 is dropped.
 */
final class LineSource {

    interface LineHandler {
        void line(long number, String text);
    }

    private LineSource() {}

    static void forEachLine(Path file, Charset charset, Problems problems, LineHandler handler) throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
            byte[] chunk = new byte[1 << 16];
            long number = 0;
            int n;
            while ((n = in.read(chunk)) != -1) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        buf.write(chunk, from, i - from);
                        number++;
                        emit(file, number, buf, decoder, problems, handler);
                        buf.reset();
                        from = i + 1;
                    }
                }
                buf.write(chunk, from, n - from);
            }
            if (buf.size() > 0) {
                emit(file, number + 1, buf, decoder, problems, handler);
            }
        }
    }

    private static void emit(Path file, long number, ByteArrayOutputStream buf, CharsetDecoder decoder,
                             Problems problems, LineHandler handler) {
        byte[] bytes = buf.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        int start = 0;
        if (number == 1 && length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF) {
            start = 3;
        }
        String text;
        try {
            text = decoder.reset().decode(ByteBuffer.wrap(bytes, start, length - start)).toString();
        } catch (CharacterCodingException e) {
            problems.add(file, number, "not valid " + decoder.charset().name() + " text (" + e.getMessage() + ")");
            return;
        }
        handler.line(number, text);
    }
}
