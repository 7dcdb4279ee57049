package org.outagewatch.ingest.bgp;

/** What a {@link BgpElement} is: a RIB entry of a table dump, an announcement, a withdrawal, or a peer state change. */
public enum ElementType {
    RIB, ANNOUNCE, WITHDRAW, STATE
}
