package org.outagewatch.ingest.bgp;

/** One prefix of an NLRI field: CIDR text (host bits cleared) and its ADD-PATH path id (-1 without ADD-PATH). */
record NlriEntry(String prefix, long pathId) {
}
