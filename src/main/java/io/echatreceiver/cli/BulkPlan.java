package io.echatreceiver.cli;

import java.util.random.RandomGenerator;

/**
 * Which push each request of a bulk run carries: new pushes, and among them re-sends of earlier
 * ones, as Echat sends a push again when it got no {@code success}. The number of re-sends is
 * exact, their places and what they re-send are random.
 */
final class BulkPlan {

  private final int[] pushOf;
  private final int pushes;

  private BulkPlan(int[] pushOf, int pushes) {
    this.pushOf = pushOf;
    this.pushes = pushes;
  }

  /**
   * Plans {@code count} requests of which {@code round(count * resendRatio)} are re-sends; the
   * first request is always a new push, since there is nothing to re-send before it.
   */
  static BulkPlan of(int count, double resendRatio, RandomGenerator random) {
    int resends = (int) Math.min(Math.round(count * resendRatio), Math.max(0, count - 1));
    // A partial Fisher-Yates shuffle of the places 1..count-1: the first `resends` are re-sends.
    int[] places = new int[Math.max(0, count - 1)];
    for (int i = 0; i < places.length; i++) {
      places[i] = i + 1;
    }
    boolean[] resend = new boolean[count];
    for (int i = 0; i < resends; i++) {
      int j = i + random.nextInt(places.length - i);
      int place = places[j];
      places[j] = places[i];
      places[i] = place;
      resend[place] = true;
    }
    int[] pushOf = new int[count];
    int pushes = 0;
    for (int request = 0; request < count; request++) {
      pushOf[request] = resend[request] ? random.nextInt(pushes) : pushes++;
    }
    return new BulkPlan(pushOf, pushes);
  }

  /** How many requests there are. */
  int requests() {
    return pushOf.length;
  }

  /** How many distinct pushes the requests carry. */
  int pushes() {
    return pushes;
  }

  /** The push, from 0, that this request carries. */
  int pushOf(int request) {
    return pushOf[request];
  }

  /** How many distinct pushes the first {@code requests} requests carry. */
  int pushesAmongFirst(int requests) {
    // New pushes are numbered in request order, so the highest number so far tells.
    int highest = -1;
    for (int i = 0; i < requests; i++) {
      highest = Math.max(highest, pushOf[i]);
    }
    return highest + 1;
  }
}
