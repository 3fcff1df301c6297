package io.tastestream.trainer.progress;

import io.tastestream.core.progress.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;

/** Draws each step as a progress bar on stderr (me.tongfei progressbar). */
public final class ConsoleProgress implements Progress {

    @Override
    public Step start(String task, long total) {
        ProgressBar bar = ProgressBar.builder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .build();
        return new Step() {
            @Override
            public void advance(long n) {
                bar.stepBy(n);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
