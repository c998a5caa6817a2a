package dev.berth.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The known words closest to a mistyped one, by edit distance with swapped neighbours counting as
 * one edit (optimal string alignment), so {@code --prot} finds {@code --port} and {@code serve}
 * finds {@code server}; picocli's own suggestions miss swaps.
 */
final class DidYouMean {

  private DidYouMean() {}

  /** Up to {@code most} of {@code known} within a few edits of {@code word}, closest first. */
  static List<String> closest(String word, Collection<String> known, int most) {
    int allowed = Math.max(1, Math.min(3, word.replaceFirst("^-+", "").length() / 3));
    List<String> near = new ArrayList<>();
    for (String candidate : known) {
      if (distance(word, candidate) <= allowed) {
        near.add(candidate);
      }
    }
    near.sort(Comparator.comparingInt((String candidate) -> distance(word, candidate)).thenComparing(c -> c));
    return near.subList(0, Math.min(most, near.size()));
  }

  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
