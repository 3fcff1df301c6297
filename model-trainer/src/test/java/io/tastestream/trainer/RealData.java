package io.tastestream.trainer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real datasets, at {@code ../shared/data} relative to the repository root; never copied into the repo. */
public final class RealData {
    private RealData() {}

    /** The HetRec 2011 Last.fm 2K copy; skips the calling test with a message when it is absent. */
    public static Path hetrecLastfm2k() {
        Path dir = repoRoot().resolve("../shared/data/hetrec2011-lastfm-2k").normalize();
        assumeTrue(Files.isRegularFile(dir.resolve("user_artists.dat")),
                "real data not found at " + dir + "; skipping (see docs on /work/shared/data)");
        return dir;
    }

    /**
     * The nearest directory above the working directory that holds {@code .git}; Maven runs tests in the module. In a
     * git worktree ({@code .git} is a file naming the main repository's {@code .git/worktrees/NAME}), the main
     * repository's root, so {@code ../shared/data} means the same place from every checkout.
     */
    static Path repoRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path git = p.resolve(".git");
            if (Files.isRegularFile(git)) {
                Path main = mainRepositoryOf(git);
                return main != null ? main : p;
            }
            if (Files.exists(git)) {
                return p;
            }
        }
        // no git checkout (e.g. a source tarball): the module's parent is the repository root
        return cwd.getParent() != null ? cwd.getParent() : cwd;
    }

    /** "gitdir: /repo/.git/worktrees/name" → /repo; null when the file says something else. */
    private static Path mainRepositoryOf(Path gitFile) {
        try {
            String text = Files.readString(gitFile).trim();
            if (!text.startsWith("gitdir:")) {
                return null;
            }
            Path gitDir = gitFile.getParent().resolve(text.substring("gitdir:".length()).trim()).normalize();
            // .../.git/worktrees/name → .../.git → ...
            Path dotGit = gitDir.getParent() != null ? gitDir.getParent().getParent() : null;
            return dotGit != null && dotGit.getFileName().toString().equals(".git") ? dotGit.getParent() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
