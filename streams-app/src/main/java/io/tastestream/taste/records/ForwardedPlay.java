package io.tastestream.taste.records;

/**
 * A play as the enrichment step receives it: its user id and artist key, which the step routes and keys by, decoded,
 * and the whole play in the binary form it crossed the network in, which the step passes on to the taste operator
 * unread. Decoding every play in the enrichment step, only to encode it again for the next hop, was about half of that
 * step's work. Only the serializers make and read these (see {@code TasteInputSerializer}); {@code binary} is never
 * changed.
 */
public record ForwardedPlay(String userId, String artistKey, byte[] binary) {}
