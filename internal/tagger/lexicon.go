package tagger

import (
	_ "embed"
	"strings"
)

//go:generate go run gen_words.go

// wordsTxt is the list of common English words (see gen_words.go).
//
//go:embed words.txt
var wordsTxt string

// rareTxt is the list of less common English words (see gen_words.go).
//
//go:embed rarewords.txt
var rareTxt string

// properTxt is the list of common proper nouns (see gen_words.go).
//
//go:embed propernouns.txt
var properTxt string

// parseWords reads words.txt into a set.
func parseWords(src string) map[string]bool {
	set := make(map[string]bool, 40000)
	for line := range strings.Lines(src) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		set[line] = true
	}
	return set
}

// setOf builds a set from space-separated words, lower-cased.
func setOf(lists ...string) map[string]bool {
	set := map[string]bool{}
	for _, l := range lists {
		for _, w := range strings.Fields(l) {
			set[strings.ToLower(w)] = true
		}
	}
	return set
}

// abbreviations are upper-case tokens that read as abbreviations, acronyms or
// finance terms in news text. A ticker spelled like one of them is evidence
// only in a strong form ($AI, (NYSE: AI), C3.ai (AI)). Written for alphadesk.
const abbreviations = `
EPS CEO CFO COO CTO CIO CMO CRO CSO CHRO EVP SVP VP MD PM AM ET PT CT MT EST EDT PST PDT CST CDT GMT UTC BST CET
GDP GNP CPI PPI PCE PMI ISM NFP ADP JOLTS IPO SPAC ETF ETFS ETN REIT REITS ADR ADS OTC SEC FDA FTC DOJ FCC EPA IRS
FDIC OCC CFPB CFTC FINRA FAA NHTSA DOE DOD HHS CMS CDC NIH USDA FERC NRC TSA ICE CBP DHS NSA CIA FBI ATF DEA NTSB
FOMC FED ECB BOE BOJ PBOC RBI RBA BOC SNB IMF WTO WHO OPEC IEA EIA OECD NATO UN EU UK US USA UAE PRC ROK DPRK EEA
AI ML EV EVS AV ADAS GPU GPUS CPU CPUS TPU NPU ASIC FPGA DRAM NAND HBM SSD HDD LED OLED LCD EUV IOT PC PCS TV TVS OS
API APIS SDK SAAS PAAS IAAS CRM ERP HR PR IR IT UI UX VR AR XR MR LLM LLMS GENAI AGI NLP RPA ETL SQL HTML PDF URL
USB HDMI WIFI LTE NFC RFID GPS VPN DNS CDN ISP ARPU ARR MRR LTV CAC TAM KPI KPIS SKU SKUS OEM OEMS ODM B2B B2C
DTC D2C CPG FMCG QSR SMB SMBS SME SMES ESG DEI CSR GHG CO2 LNG NGL WTI CNG RNG EOR BTU MW GW KW MWH GWH KWH TWH
EBIT EBITDA EBITDAR FCF GAAP IFRS YOY QOQ MOM YTD QTD MTD TTM LTM NTM NAV AUM BPS ROE ROA ROI ROIC ROTE NIM NII
CET1 RWA LCR CDS MBS RMBS CMBS CLO CDO ABS LBO VC PE MBO IPOS M&A SGA COGS CAPEX OPEX ASP ATM ATH ATL DCF WACC
NOI FFO AFFO EV/EBITDA PEG PB PS DPS TSR CAGR BOPIS SAAR PPP ACA HSA IRA FICO LIBOR SOFR TIPS CD CDS ETA EOD ASAP
FYI FAQ CEOS CFOS NYSE NASDAQ AMEX CBOE CME LSE TSX ASX HKEX SSE SZSE NSE BSE SGX JPX KRX TASE MOEX DJIA DJI SPX
NDX RUT VIX MSCI FTSE DAX CAC NIKKEI HSI KOSPI STOXX USD EUR GBP JPY CNY CNH RMB CHF CAD AUD NZD HKD INR KRW BRL
MXN RUB ZAR SEK NOK DKK SGD TWD BTC ETH XRP SOL USDT USDC NFT NFTS DAO DEFI CBDC JAN FEB MAR APR JUN JUL AUG SEP
SEPT OCT NOV DEC MON TUE TUES WED THU THUR THURS FRI SAT SUN II III IV VI VII VIII IX XI XII XIII XIV XV XX
AL AK AZ AR CA CO CT DC DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA
RI SC SD TN TX UT VT VA WA WV WI WY NYC LA SF DC
HIV AIDS COVID SARS MERS RSV HPV HBV HCV CAR ADC ADCS GLP BLA NDA ANDA IND PDUFA EUA CRL MAB PD PK DNA RNA MRNA CRISPR
ICU ER OR ED PTSD ADHD ALS MS RA IBD NASH MASH CKD COPD NSCLC SCLC AML CLL ALL MM DLBCL HER2 PDL1 EGFR KRAS
CNBC CNN BBC WSJ FT AP AFP NPR PBS ABC NBC CBS HBO ESPN NBA NFL NHL MLB MLS NCAA FIFA UEFA IOC PGA LPGA UFC WWE F1
LLC LLP LP INC CORP CO LTD PLC NV SA AG SE GMBH PTY BV AB ASA OYJ SPA SRL SARL KGAA CIE
PHD MBA CPA CFA MD RN DDS
OK TBD TBA NA NM NR YE FY CY HY IG
AAA AA BBB BB CCC CC AGM AKA ASR ATS BDC CDP CEF CF CL CRE CV DD DOW EC EMA EMS GP IE IP IQ MG MP OZ PAC RV SPR
UTI VS WB WH WWW PPE IRR NPV HQ HVAC MOU LOI RFP ESOP SPV JV JVS COLA TECH HODL APAC EMEA LATAM CISO KYIV ROMA
FOMO YOLO EP LP RSI MACD SMA SMI VWAP ATR OBV ADX DMA PT OI ATH ATL HODL DD YTD
Q1 Q2 Q3 Q4 H1 H2
`

// financeWords are tickers' common-word lookalikes that the word list may
// lack but news uses as words.
const financeWords = `
bull bear bulls bears buyback buybacks payout payouts guidance outlook upside downside
`

// functionWords may be written in any case inside a company name
// ("Bank of America", "Jack in the Box").
const functionWords = `of and the for in on at de la le du des del da di y et van von der a an & to`

// legalSuffixes are dropped from the end of a legal name to get the name
// news uses ("Amazon.com, Inc." is "Amazon.com"); after a name in text they
// are read as part of the mention and make it unambiguous.
const legalSuffixes = `
inc incorporated corp corporation co company cos ltd limited plc llc lp llp nv sa ag se spa sab bv ab asa oyj
gmbh kgaa sarl pty pte bhd tbk adr ads new the cv de as
`

// textSuffixes are the legal suffixes read after a name in text ("Apple
// Inc."): the legal suffixes that are not also everyday words.
const textSuffixes = `
inc incorporated corp corporation co company ltd limited plc llc lp llp nv sa ag se spa sab bv ab asa oyj gmbh
kgaa sarl pty pte bhd tbk
`

// descriptors are dropped, one at a time from the end, to get the short name
// ("Agilent Technologies" is "Agilent", "Meta Platforms" is "Meta"). A short
// name made this way that is a common word is not used.
const descriptors = `
holdings holding group groups technologies technology tech enterprises international industries systems
brands worldwide platforms bancorp bancshares bankshares financial therapeutics pharmaceuticals pharmaceutical
pharma biosciences bioscience biotherapeutics biopharma biotechnology software semiconductor semiconductors
communications entertainment networks solutions partners com interactive global companies banking
mining gold minerals metals resources petroleum oil gas energy motors motor airlines air lines trust
`

// shortened are the abbreviations news uses for a name's last word
// ("ACADIA Pharma", "Abbott Labs", "Asbury Auto").
var shortened = map[string]string{
	"pharmaceuticals": "Pharma", "pharmaceutical": "Pharma", "laboratories": "Labs", "technologies": "Tech",
	"technology": "Tech", "automotive": "Auto", "international": "Intl", "communications": "Comms",
	"manufacturing": "Mfg", "entertainment": "Ent", "financial": "Finl",
}

// fundWords mark a security as a fund, trust or other vehicle whose name is
// not matched in text (its ticker still is, in a strong form).
const fundWords = `
etf etfs etn etns fund funds spdr ishares proshares direxion wisdomtree portfolio municipal muni invesco-qqq
`

// reitWords keep a "... Trust" name a company (a REIT) rather than a fund.
const reitWords = `realty property properties residential reit investment mortgage hospitality office industrial
healthcare lodging storage apartment apartments`

// cueWords are company context: near an ambiguous name ("Apple", "Target")
// they make it the company. Written for alphadesk.
const cueWords = `
shares share stock stocks stockholders shareholders shareholder investors investor ceo cfo coo chief executive
executives chairman founder president boss board directors revenue revenues sales sale earnings profit profits
loss losses quarter quarterly q1 q2 q3 q4 guidance outlook forecast forecasts results eps dividend dividends
buyback buybacks analyst analysts upgrade upgrades upgraded downgrade downgrades downgraded rating ratings
valuation ipo acquisition acquisitions acquire acquires acquired merger mergers deal deals bid bids offer
takeover talks announced announces announce reported reports report said says company company's companies inc
corp brand brands customers subscribers users employees workers staff jobs layoffs lawsuit suit sued sues
antitrust regulators court trial nasdaq nyse listed listing trading traded rally rallied fell falls rose rises
jumped jumps slumped slumps gained gains dropped drops surged surges plunged plunges soared soars tumbled tumbles
slid slides climbed climbs spikes spiked sinks sank rival rivals competitor competitors partnership partners
partner teams contract contracts launches launched launch unveils unveiled stake bonds notes debt outperform
overweight underweight neutral maintains reiterates initiates coverage beats beat misses miss tops estimates
consensus segment division unit subsidiary business stores store retailer automaker carmaker airline airlines
bank lender insurer chipmaker maker giant firm conglomerate operator billion million margin margins capex
spending invests investment valued supplier suppliers products product services devices platform app apps
iphone cloud hires hired names appoints appointed sells sold buys bought expands expansion opens reopens closes
plans plan seeks wins joins cuts cut raises raised lowers lowered boosts boosted sees expects guides fined settles
settlement probe recall recalls factory plant plants mine mines rig drilling exploration patent patents options
calls puts premarket after-hours filing files
`

// shareCues make a bare all-caps ticker more credible ("AMZN shares").
const shareCues = `shares stock stocks ticker nasdaq nyse traded trading premarket rallied rose fell jumped slumped
gained dropped surged plunged soared tumbled climbed options calls puts short long position`

// trapContext lists, for short names that are everyday words, the words
// that, right before or after the name, make it the word and not the
// company. "before" words stand immediately before the name (ignoring
// case), "after" words immediately after it.
var trapContext = map[string]struct{ before, after string }{
	"apple": {
		before: "big crab candy toffee caramel adam's adams golden green red granny",
		after:  "harvest harvests orchard orchards pie pies juice tree trees growers grower cider fruit crop crops picking variety varieties sauce season farmers farm farms blossom blossoms cart",
	},
	"target": {
		before: "price inflation takeover acquisition profit sales revenue earnings margin rate rates growth emissions deficit dividend production output debt leverage cost savings return returns fed bank on soft hard easy prime main key new primary stated official intermediate long term net zero raises raise raised lowers lower lowered cuts cut sets set hits hit misses miss missed meets meet beats exceeds reaches reach reached trims lifts its their his her our my your this that every each no may could would will to should might must can",
		after:  "price prices range rate rates audience audiences market markets date of zone level levels",
	},
	"amazon": {
		before: "the brazilian peruvian",
		after:  "rainforest rainforests river basin jungle jungles forest forests region tribe tribes deforestation warrior warriors women parrot biome fund",
	},
	"delta": {
		before: "mekong nile mississippi niger river okavango yangtze pearl sacramento fraser covid 19 option options",
		after:  "variant variants strain strains wave waves force hedging hedge neutral of river region smelt",
	},
	"shell": {
		before: "egg eggs sea snail turtle oyster a hard soft",
		after:  "company companies corporation corporations game games shock shocked shocks egg eggs casing casings script entity entities",
	},
	"block": {
		before: "building city trade trading voting starting chopping auction a the eastern soviet mental road cell",
		after:  "of trade trades trading party parties grant grants vote votes chain chains height heights letters",
	},
	"visa": {
		before: "student work tourist golden travel business entry 1b h1b investor transit exit spousal immigrant immigration",
		after:  "application applications applicant applicants holder holders program programme programs rules requirement requirements waiver waivers free sponsorship overstay overstays policy policies ban bans restrictions fee fees process processing interview interviews status",
	},
	"meta": {
		after: "analysis analyses data description descriptions tag tags tags level game physics",
	},
	"oracle": {
		before: "the an delphic",
		after:  "of network networks problem problems service services bone bones",
	},
	"gap": {
		before: "wage gender pay trade funding yield output earnings price valuation widening narrowing the a racial skills skill generation generational financing budget revenue fiscal",
		after:  "up down fill fills filled between with in widens widened narrows narrowed year years analysis higher lower",
	},
	"ford": {
		before: "harrison gerald betty tom henry john",
		after:  "foundation fellow fellows fellowship",
	},
	"snap": {
		before: "cold oh",
		after:  "election elections decision decisions judgment judgement judgments poll polls shot shots back benefits recipients program programme payments",
	},
	"progressive": {
		before: "the",
		after:  "party parties caucus democrat democrats era movement movements politics policies politician politicians candidate candidates voters wing groups group rock lens lenses tax taxes taxation left values agenda",
	},
	"travelers": {
		before: "business air holiday frequent international weary budget leisure time rail solo young",
		after:  "cheque cheques check checks",
	},
	"carnival": {
		before: "rio notting venice brazil's brazilian caribbean the a",
		after:  "parade parades season rides ride celebrations celebration costumes atmosphere games game queen",
	},
	"mosaic": {
		before: "a the",
		after:  "of art tile tiles law virus pattern patterns",
	},
	"opendoor": {
		after: "policy policies",
	},
	"s p": {
		after: "500 400 600 1500 100 composite futures index indices indexes sector sectors",
	},
}

// ambiguousNames are single-word company names that everyday text uses for
// something else (a river, a fruit, a word). They need corroborating context,
// even when the word list lacks them or the name was made by dropping a
// descriptor ("Meta Platforms" is "Meta"). Written for alphadesk.
const ambiguousNames = `
amazon ford delta meta opendoor apple target shell visa oracle gap block snap progressive travelers carnival mosaic
alphabet square twitter match unity compass booking
`

// genericNames are words too general to name a company on their own, even
// when a legal name reduces to one ("Southern Co" is "Southern"); the full
// legal name ("Southern Co") still matches. A curated short name overrides.
const genericNames = `
america american americas united general national federal first southern northern eastern western central
standard premier citizens community peoples regions global international pacific atlantic liberty heritage
legacy frontier pioneer patriot summit pinnacle horizon vanguard genesis eagle mercury saturn apollo atlas
titan everest sierra alpine crown ball hunt texas florida georgia carolina jordan lincoln sterling wells chase
dover phoenix new old great royal capital energy digital crypto blockchain bitcoin cannabis fintech biotech
genomics robotics solar lithium uranium hydrogen quantum cyber data cloud smart mobile green clean renewable
esports
`

// ambiguousForms are multi-word forms that need context like an everyday
// word: "S&P" is the ratings company, but "S&P 500" is an index.
var ambiguousForms = []string{"s p"}

// determiners before a name make it a common noun: "its target", "a gap".
const determiners = `a an its their his her our my your this that these those every each no`

// exchangeNames are the listing venues of the exchange form "(NYSE: F)".
// Multi-word venues are written with "_" between words.
const exchangeNames = `
nyse nasdaq amex nysearca nyseamerican nysemkt nasdaqgs nasdaqgm nasdaqcm nasdaqgsm otc otcqx otcqb otcmkts otcpink
cboe bats nyse_american nyse_arca nyse_mkt otc_markets
`

// ricSuffixes are Reuters exchange suffixes of US listings ("AMZN.O").
const ricSuffixes = `o oq n k a p`
