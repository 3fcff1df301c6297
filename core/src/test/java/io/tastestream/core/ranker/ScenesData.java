package io.tastestream.core.ranker;

import io.tastestream.core.dataset.HetRecFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A small synthetic HetRec dataset with structure to learn: three scenes (post-rock, hip hop, jazz) of 20 artists,
 * 30 listeners each who play mostly their scene's artists (the scene's first artists most), a little of the others,
 * tag some of what they play with the scene's tag, and befriend listeners of their scene. Seeded: always the same.
 * Shared (core test-jar) by model-trainer's ranker tests and serving's train → artifact → serve test.
 */
public final class ScenesData {
    public static final String[] SCENES = {"post-rock", "hip hop", "jazz"};
    public static final int ARTISTS_PER_SCENE = 20;
    public static final int USERS_PER_SCENE = 30;

    private ScenesData() {}

    public static int artistId(int scene, int i) {
        return 1 + scene * ARTISTS_PER_SCENE + i;
    }

    public static String artistName(int scene, int i) {
        return scene == 0 && i == 0 ? "Mogwai" : SCENES[scene] + " artist " + i;
    }

    public static int sceneOfUser(int userId) {
        return (userId - 1000) / USERS_PER_SCENE;
    }

    public static Path write(Path dir) {
        Random random = new Random(7);
        List<String> artists = new ArrayList<>();
        for (int s = 0; s < SCENES.length; s++) {
            for (int i = 0; i < ARTISTS_PER_SCENE; i++) {
                artists.add(artistId(s, i) + "\t" + artistName(s, i) + "\t\t");
            }
        }
        List<String> tags = List.of("1\tpost-rock", "2\thip hop", "3\tjazz", "4\tinstrumental");
        List<String> listening = new ArrayList<>();
        List<String> tagged = new ArrayList<>();
        List<String> friends = new ArrayList<>();
        for (int s = 0; s < SCENES.length; s++) {
            for (int k = 0; k < USERS_PER_SCENE; k++) {
                int user = 1000 + s * USERS_PER_SCENE + k;
                Set<Integer> picked = new LinkedHashSet<>();
                while (picked.size() < 12) {
                    // skewed toward the scene's first artists: popularity within the scene
                    int i = (int) Math.floor(ARTISTS_PER_SCENE * Math.pow(random.nextDouble(), 1.8));
                    picked.add(artistId(s, i));
                }
                for (int extra = 0; extra < 2; extra++) {
                    picked.add(artistId((s + 1 + extra) % SCENES.length, random.nextInt(ARTISTS_PER_SCENE)));
                }
                for (int a : picked) {
                    listening.add(user + "\t" + a + "\t" + (1 + random.nextInt(400)));
                    int scene = (a - 1) / ARTISTS_PER_SCENE;
                    if (random.nextInt(3) == 0) {
                        tagged.add(user + "\t" + a + "\t" + (scene + 1) + "\t1\t" + (1 + random.nextInt(12)) + "\t2009");
                        if (scene == 0) {
                            tagged.add(user + "\t" + a + "\t4\t1\t1\t2009");
                        }
                    }
                }
                int friend = 1000 + s * USERS_PER_SCENE + (k + 1) % USERS_PER_SCENE;
                friends.add(user + "\t" + friend);
                friends.add(friend + "\t" + user);
            }
        }
        return new HetRecFiles(dir)
                .artists(artists.toArray(String[]::new))
                .tags(tags.toArray(String[]::new))
                .userArtists(listening.toArray(String[]::new))
                .tagged(tagged.toArray(String[]::new))
                .friends(friends.toArray(String[]::new))
                .dir();
    }
}
