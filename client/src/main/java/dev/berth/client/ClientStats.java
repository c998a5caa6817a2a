package dev.berth.client;

/**
 * What a {@link BerthClient} has done so far.
 *
 * @param sent messages handed to {@link BerthClient#send}
 * @param received messages (or, with raw framing, chunks) received
 * @param resent messages written again on a new connection because the server closed before
 *     answering them
 * @param reconnects connections opened after the first
 */
public record ClientStats(long sent, long received, long resent, long reconnects) {}
