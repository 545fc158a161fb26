"""The codes an MRZ may carry as issuing state or nationality (ICAO 9303 Part 3): the
ISO 3166-1 alpha-3 country codes (from Debian's iso-codes 4.15, /usr/share/iso-codes/json/
iso_3166-1.json), Germany's one-letter D, and ICAO's own codes for British subjects,
the United Nations, other organisations, stateless persons and refugees, Kosovo, the
European Union and Utopia, the specimen country.

Only OCR'd zones are held to this list (parse_mrz(strict_layout=True)): two three-letter
fields that must name a real state are a strong check against a line a reader
misaligned, which the check digits can pass by chance. A chip's or a typed zone is not.
"""

ISO_3166_ALPHA_3 = frozenset("""
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES
    BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE
    CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK
    DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB
    GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND
    IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN
    LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT
    MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
    NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU
    RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN
    SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA
    UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
""".split())

ICAO_SPECIAL = frozenset("""
    D GBD GBN GBO GBP GBS UNO UNA UNK XBA XIM XCC XCE XCO XEC XPO XOM XES XMP XDC
    XXA XXB XXC XXX EUE RKS UTO
""".split())

MRZ_STATES = ISO_3166_ALPHA_3 | ICAO_SPECIAL
