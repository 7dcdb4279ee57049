package org.outagewatch.ingest.bgp;

/** The kind of record an element came from: the three MRT families (BGP4MP with or without microseconds), or RIS Live. */
public enum ElementSource {
    TABLE_DUMP, TABLE_DUMP_V2, BGP4MP, BGP4MP_ET, RIS_LIVE
}
