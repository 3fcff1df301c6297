package io.tastestream.core.progress;

/**
 * Reports how far a long step has got. The builder only counts; the command decides whether to draw a bar, so the
 * Java API stays quiet in tests and in the demo.
 */
public interface Progress {

    /** Reports nothing. */
    Progress NONE = (task, total) -> new Step() {
        @Override
        public void advance(long n) {}

        @Override
        public void close() {}
    };

    /** Starts a step of {@code total} units. */
    Step start(String task, long total);

    interface Step extends AutoCloseable {
        void advance(long n);

        @Override
        void close();
    }
}
