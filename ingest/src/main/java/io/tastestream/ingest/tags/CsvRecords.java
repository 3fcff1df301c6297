package io.tastestream.ingest.tags;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a reader, with the line each record starts on. Quoted fields may hold commas, {@code ""}
 * and line breaks; CRLF, LF and CR all end a record.
 */
final class CsvRecords {

    record Record(int line, List<String> fields) {}

    /** A record that cannot be read (a quote left open to the end of the file, text after a closing quote). */
    static final class BadRecord extends IOException {
        private final int line;

        BadRecord(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private final Reader in;
    private int line = 1;
    private int pushedBack = -2;

    CsvRecords(Reader in) {
        this.in = in;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    /** The next record, or null at the end. */
    Record next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        int start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterClosingQuote = false;
        String error = null;
        while (true) {
            if (c == -1) {
                if (quoted) {
                    throw new BadRecord(start, "a quoted field opened on this line is never closed");
                }
                fields.add(field.toString());
                break;
            }
            if (quoted) {
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        afterClosingQuote = true;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && peekNot('\n'))) {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterClosingQuote = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        pushedBack = n;
                    }
                }
                line++;
                fields.add(field.toString());
                break;
            } else if (c == '"' && field.isEmpty() && !afterClosingQuote) {
                quoted = true;
            } else {
                if (afterClosingQuote && error == null) {
                    error = "text after a closing quote in field " + (fields.size() + 1);
                }
                field.append((char) c);
            }
            c = read();
        }
        if (error != null) {
            throw new BadRecord(start, error);
        }
        return new Record(start, fields);
    }

    /** Inside quotes a lone CR counts as a line break; CRLF counts once (at the LF). */
    private boolean peekNot(int expected) throws IOException {
        int n = read();
        pushedBack = n;
        return n != expected;
    }
}
