#!/usr/bin/env python3
"""Writes corpus.tsv: labelled lines for the redactor, built around test data published by other
projects (see README.md for every source and its license).

Each data value below comes from a public test suite, example table or specification; the
sentences around the values are ours, in English and Chinese, and alternate between spellings a
respondent would use (inside parentheses, after full-width punctuation, at the end of a sentence).
The checks in this script only make sure a value copied here is what its source says it is (a
valid/invalid checksum); they are not the redactor's rules and nothing runs them at test time.

    python3 tests/corpus/redact/make_corpus.py > tests/corpus/redact/corpus.tsv
"""
import sys

ROWS = []  # (class, expected, value, text)


def pii(cls, value, *texts):
    for t in texts:
        ROWS.append((cls, "pii", value, t.replace("{}", value)))


def look(cls, value, *texts):
    for t in texts:
        ROWS.append((cls, "lookalike", value, t.replace("{}", value)))


def luhn(number):
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mod97(iban):
    s = "".join(c for c in iban if c.isalnum()).upper()
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


# --------------------------------------------------------------------------------------- cards
# Presidio (presidio-analyzer/tests/test_credit_card_recognizer.py) and braintree/credit-card-type
# (src/__tests__/index.ts): brand test numbers. Luhn-valid ones are cards; the Luhn-invalid ones in
# those suites (prefix-only fixtures) are look-alikes with a broken checksum.
CARDS = {
    "UATP": ["122000000000003"],
    "Amex": ["371449635398431", "378282246310005", "378734493671000"],
    "Mastercard": ["5555555555554444", "5454545454545454"],
    "Dankort": ["5019717010103742"],
    "Diners": ["30569309025904", "38520000023237", "36700102000000", "36148900647913"],
    "Discover": ["6011000400000000", "6011111111111117", "6011000990139424"],
    "JCB": ["3528000700000000", "3530111333300000", "3566002020360505", "35308796121637357",
            "353445444300732639", "3537286818376838569"],
    "Maestro": ["6759649826438453", "6304000000000000", "6799990100000000019"],
    "Visa": ["4111111111111111", "4917300800000000", "4484070000000000", "4012888888881881",
             "4222222222222", "4462030000000000", "411111111111111111", "4111111111111111110"],
    "Elo": ["4576321111111111", "5066991111111118", "6277809990229178", "6500331111111111"],
    "Naranja": ["5895626292990446"],
    "Troy": ["9792100000000001", "9792090000000004", "6502740000000001", "6509230000000000"],
    "Verve": ["5061001234567890123"],
    "UnionPay": ["62123456789002", "621234567890003", "6221258812340000", "622018111111111111",
                 "6212345678900000003", "6221260000000000", "6221260000000000000", "6222000000000000",
                 "6228000000000000", "6229250000000000", "6229250000000000000", "6240000000000000",
                 "6260000000000000000", "6282000000000000", "6289000000000000000", "6221558812340000",
                 "6269992058134322", "6220558812340000", "8100513433325374", "8111700872004845",
                 "8141618644273338", "8158163233706018", "8168524506870054"],
    "Mir": ["22000000000000000", "22049999999999999", "2200000000000000"],
    "Hipercard": ["6062820524845321", "6370950000000005"],
}
CARD_LOOKALIKES_PRESIDIO = ["1748503543012", "4012-8888-8888-1882", "36168002586008"]

CARD_TEXTS = [
    "card {} exp 12/28",
    "我的卡号是{}，请退款",
    "Please charge ({}) for the renewal.",
    "信用卡：{}。",
    "paid with {} yesterday",
    "银行卡号【{}】绑定失败",
]


def group(number, sizes, sep):
    out, k = [], 0
    for s in sizes:
        if k >= len(number):
            break
        out.append(number[k:k + s])
        k += s
    if k < len(number):
        out.append(number[k:])
    return sep.join(out)


def card_spellings(n):
    yield n
    if len(n) == 15 and n[:2] in ("34", "37"):
        yield group(n, [4, 6, 5], " ")
        yield group(n, [4, 6, 5], "-")
    elif len(n) == 14:
        yield group(n, [4, 6, 4], " ")
        yield group(n, [4, 4, 4], "-")
    else:
        yield group(n, [4, 4, 4, 4], " ")
        yield group(n, [4, 4, 4, 4], "-")
        if len(n) >= 16:  # mixed separators, as typed on a phone keyboard
            yield n[:4] + " " + n[4:8] + "-" + n[8:12] + " " + n[12:16] + (" " + n[16:] if len(n) > 16 else "")


t = 0
for brand, numbers in CARDS.items():
    for n in numbers:
        cls = "card"
        for spelling in card_spellings(n):
            text = CARD_TEXTS[t % len(CARD_TEXTS)]
            t += 1
            if luhn(n):
                pii(cls, spelling, text)
            else:
                look(cls, spelling, text)
for n in CARD_LOOKALIKES_PRESIDIO:  # Presidio expects no card here (unknown IIN or broken checksum)
    look("card", n, "my credit card number is {}", "卡号{}好像输错了")
# Look-alikes of our own around the same numbers: one digit changed (Luhn fails), and order,
# invoice and tracking numbers that happen to pass Luhn, which the order word keeps.
for n in ["4111111111111112", "5555555555554445", "6221558812340001", "378282246310006", "3530111333300001",
          "6759649826438454", "5019717010103743", "122000000000004", "8100513433325375"]:
    assert not luhn(n), n
    look("card", n, "card {} was declined", "卡号 {} 校验失败")
for n in ["4111111111111111", "6011000990139424", "6221558812340000", "3566002020360505"]:
    look("card", n, "order no. {} shipped", "订单号{}已发货", "invoice {} is overdue", "tracking #{}")
# Prices, dates, times and quantities written with digit groups.
for v in ["¥1,299.00", "$12,345,678.90", "1 299 000 RMB", "2026-11-23 14:05:09", "2026/11/23", "共 3 件 12 元",
          "12 345 678 901", "1234 5678", "ISBN 978-7-111-54493-7", "978 0 306 40615 7"]:
    look("card", v, "the total is {} today", "合计：{}。")

# -------------------------------------------------------------------------------------- phones
# libphonenumber metadata (via libphonenumber-js examples.mobile.json): mobile example numbers.
MOBILE_EXAMPLES = {
    "CN": ("86", "13123456789"), "US": ("1", "2015550123"), "HK": ("852", "51234567"), "TW": ("886", "912345678"),
    "MO": ("853", "66123456"), "GB": ("44", "7400123456"), "DE": ("49", "15123456789"), "FR": ("33", "612345678"),
    "JP": ("81", "9012345678"), "KR": ("82", "1020000000"), "SG": ("65", "81234567"), "AU": ("61", "412345678"),
    "IN": ("91", "8123456789"), "BR": ("55", "11961234567"), "ES": ("34", "612345678"), "IT": ("39", "3123456789"),
    "NL": ("31", "612345678"), "SE": ("46", "701234567"), "CH": ("41", "781234567"), "RU": ("7", "9123456789"),
    "MX": ("52", "2221234567"), "MY": ("60", "123456789"), "TH": ("66", "812345678"), "VN": ("84", "912345678"),
    "PH": ("63", "9051234567"), "ID": ("62", "812345678"), "IL": ("972", "502345678"), "AE": ("971", "501234567"),
    "TR": ("90", "5012345678"), "PL": ("48", "512345678"), "PT": ("351", "912345678"), "IE": ("353", "850123456"),
    "NZ": ("64", "211234567"), "ZA": ("27", "711234567"), "NG": ("234", "8021234567"), "EG": ("20", "1001234567"),
}
INTL_TEXTS = ["call me on {} after 6pm", "我的电话{}，晚上联系", "WhatsApp: {}", "（手机：{}）"]
t = 0
for cc, (code, nat) in MOBILE_EXAMPLES.items():
    for spelling in ["+%s %s" % (code, nat), "+%s %s %s" % (code, nat[:len(nat) // 2], nat[len(nat) // 2:])]:
        pii("phone-intl", spelling, INTL_TEXTS[t % len(INTL_TEXTS)])
        t += 1
# Presidio (test_phone_recognizer.py): international spellings.
for v in ["+1 415 555 0132", "+55 11 98456 5666", "+44 (20) 7123 4567", "+49 30 1234567", "+39 06 678 4343",
          "+30 21 0 1234567", "+33 1 42 68 53 00", "+91 4155 550132", "+91 4155550132"]:
    pii("phone-intl", v, "my international one is {}", "国际号码：{}。")

# Chinese mobiles: the libphonenumber example and numbers in the other allocated ranges, in every
# spelling seen in free text.
CN_MOBILES = ["13123456789", "13812345678", "14512345678", "15012345678", "16612345678", "17012345678",
              "17512345678", "18912345678", "19112345678", "19912345678"]
MOBILE_TEXTS = ["我的手机是{}请回电", "电话：{}", "（{}）", "联系方式、{}", "call {} now", "手机号码{}。",
                "号码是：{}，谢谢", "my number ({}) works"]
t = 0
for n in CN_MOBILES:
    for spelling in [n, "%s %s %s" % (n[:3], n[3:7], n[7:]), "%s-%s-%s" % (n[:3], n[3:7], n[7:]), "+86 " + n,
                     "+86-%s-%s-%s" % (n[:3], n[3:7], n[7:]), "0086 " + n]:
        pii("phone-cn-mobile", spelling, MOBILE_TEXTS[t % len(MOBILE_TEXTS)])
        t += 1
# Chinese landlines: libphonenumber's CN fixed-line example (010 1234 5678) and the spellings the
# issue lists, with the area codes of the largest cities.
LANDLINES = ["010 1234 5678", "(0755) 8888-6666", "021-12345678", "010-12345678", "(010)12345678",
             "0755-88886666", "0571-8765 4321", "020 8765 4321", "028-8765-4321", "(025) 8765 4321",
             "027-87654321", "029 8765 4321", "022-2345 6789", "023-6789 1234", "0512-6523 4567",
             "(0592)5123456", "0731-8456 7890", "0891-6812345", "+86 10 1234 5678", "+86-755-8888-6666",
             "0086 21 1234 5678", "(021) 6888 9999"]
LANDLINE_TEXTS = ["座机{}转分机", "办公电话：{}。", "请拨打（{}）", "office line {}, ext. 12", "客服热线，{}"]
t = 0
for v in LANDLINES:
    for _ in range(2):
        pii("phone-cn-landline", v, LANDLINE_TEXTS[t % len(LANDLINE_TEXTS)])
        t += 1
# North American numbers: Presidio's and the spellings, and the libphonenumber US example.
US = ["(415) 555-0132", "(415)555-0132", "415-555-0132", "1(567)362-8910", "425 8829090", "201-555-0123",
      "(201) 555-0123", "1-800-555-0199", "1 (800) 555-0199", "201.555.0123", "+1 201 555 0123", "+1-201-555-0123",
      "1 425 882 9090", "(425) 882 9090"]
US_TEXTS = ["My US number is {}.", "call {} after 5", "美国电话：{}", "(cell: {})", "reach me at {}, thanks"]
t = 0
for v in US:
    for _ in range(3):
        pii("phone-us", v, US_TEXTS[t % len(US_TEXTS)])
        t += 1
# Phone look-alikes: dates, times, prices, postal codes, versions, ratios, bare digit runs in
# order context, numbers that are too short or in unallocated ranges.
for v in ["2026-11-23", "2026.11.23", "23:59:59", "10:30-11:45", "¥138.00", "100871", "邮编 518000", "v10.12.345",
          "12345678901", "1234-5678", "555-0199", "3-4 天", "2026年11月23日", "第 1 (5) 组", "ZIP 94105-1234",
          "(2026) 第 123 号", "1:2:3", "12 个月 30 天", "0.755", "10 1234"]:
    look("phone", v, "noted {} in the log", "备注：{}。")
for n in ["13812345678", "(0755) 8888-6666", "415-555-0132"]:
    look("phone", n, "订单号：{}", "order no. {} is late", "工单{}已关闭")

# ----------------------------------------------------------------------------------------- IP
# Presidio (test_ip_recognizer.py) positives and negatives, RFC 3849 documentation addresses, and
# the same addresses at the end of a sentence (followed by "." or "。").
IPV6 = ["684D:1111:222:3333:4444:5555:6:77", "2345:0425:2CA1:0000:0000:0567:5673:23b5", "2345:0425:2CA1::0567:5673:23b5",
        "2400:c401::5054:ff:fe1b:b031", "fe80::1", "2001:db8::8a2e:370:7334", "2001:db8:85a3::8a2e:370", "2001:db8::1",
        "A099::09C0:876A:130B", "::ffff:192.0.2.1", "::ffff:10.0.0.1", "::ffff:172.16.0.1", "::192.168.1.1",
        "2001:db8::192.168.1.1", "2001:db8:1::192.0.2.1", "64:ff9b::192.0.2.1", "2001:db8:85a3::8a2e:192.168.0.1",
        "0:0:0:0:0:FFFF:129.144.52.38", "2001:db8:0:0:0:0:192.168.1.1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "2001:db8:3333:4444:5555:6666:7777:8888", "fe80::1ff:fe23:4567:890a", "2001:db8:a0b:12f0::1"]
IPV6_TEXTS = ["my ip: {}", "Server IP: {}.", "服务器地址是 {}。", "connecting from {}, then", "连接到{}。", "(via {})",
              "The gateway is {}."]
t = 0
for v in IPV6:
    for _ in range(3):
        pii("ipv6", v, IPV6_TEXTS[t % len(IPV6_TEXTS)])
        t += 1
for v in ["2001::db8::1", "684D:1111:222:3333:4444:5555:77", "1:2:3:4:5:6:7:8:9", "aa:bb:cc:dd:ee:ff", "12:34:56",
          "abc:def:ghi", "123:abc", "2001:db8::256.1.1.1", "::ffff:256.0.0.1", "fe80:::1", "2001:db8:::1",
          "1::2::3", "add::ebb", "12345::1", "2001:db8::g1"]:
    look("ipv6", v, "bad address {} in the form", "无效地址 {}。", "Time {}.")
IPV4 = ["192.168.0.1", "10.0.0.1", "172.16.0.1", "203.0.113.7", "198.51.100.23", "8.8.8.8"]
for v in IPV4:
    pii("ipv4", v, "microsoft.com {}", "我的IP是{}。", "from {}, again", "(IP {})")
for v in ["192.168.0", "version 1.2.3.4", "v1.2.3.4", "版本 1.2.3.4", "256.1.1.1", "1.2.3.4.5", "10.0.0.300",
          "Version 1.2.3", "Port 80:443", "3.14159", "2026.11.23"]:
    look("ipv4", v, "see {} there", "见{}。")

# -------------------------------------------------------------------------------------- e-mail
# Presidio (test_email_recognizer.py) and the UASG 004 "Use Cases for UA Readiness Evaluation"
# test addresses (internationalized domains and mailboxes).
EMAILS = ["info@presidio.site", "anotherinfo@presidio.site", "zhang.wei@example.com", "Li_Na+cx@mail.example.co.uk"]
IDN_EMAILS = ["user@xn--80ak6aa92e.com", "a@xn--d1acufc.xn--p1ai", "info@xn--fiqs8s.xn--fiqz9s",
              "用户@例子.广告", "अजय@डाटा.भारत", "квіточка@пошта.укр", "θσερ@εχαμπλε.ψομ", "Dörte@Sörensen.example.com",
              "коля@пример.рф", "test@bücher.de", "info@münchen.de", "support@例子.中国", "john@例え.テスト",
              "sales@xn--mnchen-3ya.de", "ops@xn--4gq171p.xn--ses554g"]
EMAIL_TEXTS = ["my email address is {}", "请发邮件到 {} 谢谢", "邮箱：{}。", "contact ({})", "email me at {}.",
               "联系我：{}，或者电话"]
t = 0
for v in EMAILS:
    for _ in range(3):
        pii("email", v, EMAIL_TEXTS[t % len(EMAIL_TEXTS)])
        t += 1
for v in IDN_EMAILS:
    for _ in range(4):
        pii("email-idn", v, EMAIL_TEXTS[t % len(EMAIL_TEXTS)])
        t += 1
for v in ["info@presidio.", "hello-world", "@zhangwei", "user@localhost", "a@b", "name at example dot com",
          "foo@bar", "@@example.com", "x@.com", "price@1.99", "微博@小明", "user@例子", "team@-example.com"]:
    look("email", v, "this is not an email: {} here", "不是邮箱：{}。")

# ---------------------------------------------------------------------------------------- IBAN
# The SWIFT IBAN registry's example for every country (as tabulated by IbanNet's
# SupportedCountries.md; Russia, which that table leaves out, from the registry itself), in print and
# electronic form; python-stdnum's test_iban.doctest for extra valid spellings and the broken ones.
REGISTRY = """AD12 0001 2030 2003 5910 0100|AE07 0331 2345 6789 0123 456|AL47 2121 1009 0000 0002 3569 8741
AT61 1904 3002 3457 3201|AZ21 NABZ 0000 0000 1370 1000 1944|BA39 1290 0794 0102 8494|BE68 5390 0754 7034
BG80 BNBG 9661 1020 3456 78|BH67 BMAG 0000 1299 1234 56|BI42 1000 0100 0100 0033 2045 181
BR18 0036 0305 0000 1000 9795 493C 1|BY13 NBRB 3600 9000 0000 2Z00 AB00|CH93 0076 2011 6238 5295 7
CR05 0152 0200 1026 2840 66|CY17 0020 0128 0000 0012 0052 7600|CZ65 0800 0000 1920 0014 5399
DE89 3704 0044 0532 0130 00|DJ21 0001 0000 0001 5400 0100 186|DK50 0040 0440 1162 43
DO28 BAGR 0000 0001 2124 5361 1324|EE38 2200 2210 2014 5685|EG38 0019 0005 0000 0000 2631 8000 2
ES91 2100 0418 4502 0005 1332|FI21 1234 5600 0007 85|FK88 SC12 3456 7890 12|FO62 6460 0001 6316 34
FR14 2004 1010 0505 0001 3M02 606|GB29 NWBK 6016 1331 9268 19|GE29 NB00 0000 0101 9049 17
GI75 NWBK 0000 0000 7099 453|GL89 6471 0001 0002 06|GR16 0110 1250 0000 0001 2300 695
GT82 TRAJ 0102 0000 0012 1002 9690|HN88 CABF 0000 0000 0002 5000 5469|HR12 1001 0051 8630 0016 0
HU42 1177 3016 1111 1018 0000 0000|IE29 AIBK 9311 5212 3456 78|IL62 0108 0000 0009 9999 999
IQ98 NBIQ 8501 2345 6789 012|IS14 0159 2600 7654 5510 7303 39|IT60 X054 2811 1010 0000 0123 456
JO94 CBJO 0010 0000 0000 0131 0003 02|KW81 CBKU 0000 0000 0000 1234 5601 01|KZ86 125K ZT50 0410 0100
LB62 0999 0000 0001 0019 0122 9114|LC55 HEMM 0001 0001 0012 0012 0002 3015|LI21 0881 0000 2324 013A A
LT12 1000 0111 0100 1000|LU28 0019 4006 4475 0000|LV80 BANK 0000 4351 9500 1|LY83 0020 4800 0020 1001 2036 1
MC58 1122 2000 0101 2345 6789 030|MD24 AG00 0225 1000 1310 4168|ME25 5050 0001 2345 6789 51
MK07 2501 2000 0058 984|MN12 1234 1234 5678 9123|MR13 0002 0001 0100 0012 3456 753
MT84 MALT 0110 0001 2345 MTLC AST0 01S|MU17 BOMM 0101 1010 3030 0200 000M UR|NI45 BAPR 0000 0013 0000 0355 8124
NL91 ABNA 0417 1643 00|NO93 8601 1117 947|OM81 0180 0000 0129 9123 456|PK36 SCBL 0000 0011 2345 6702
PL61 1090 1014 0000 0712 1981 2874|PS92 PALS 0000 0000 0400 1234 5670 2|PT50 0002 0123 1234 5678 9015 4
QA58 DOHB 0000 1234 5678 90AB CDEF G|RO49 AAAA 1B31 0075 9384 0000|RS35 2600 0560 1001 6113 79
RU03 0445 2522 5408 1781 0538 0913 1041 9|SA03 8000 0000 6080 1016 7519|SC18 SSCB 1101 0000 0000 0000 1497 USD
SD21 2901 0501 2340 01|SE45 5000 0000 0583 9825 7466|SI56 2633 0001 2039 086|SK31 1200 0000 1987 4263 7541
SM86 U032 2509 8000 0000 0270 100|SO21 1000 0010 0100 0100 141|ST23 0001 0001 0051 8453 1014 6
SV62 CENR 0000 0000 0000 0070 0025|TL38 0080 0123 4567 8910 157|TN59 1000 6035 1835 9847 8831
TR33 0006 1005 1978 6457 8413 26|UA21 3223 1300 0002 6007 2335 6600 1|VA59 0011 2300 0012 3456 78
VG96 VPVG 0000 0123 4567 8901|XK05 1212 0123 4567 8906|YE15 CBYE 0001 0188 6123 4567 8912 34"""
IBAN_TEXTS = ["IBAN {}", "请汇款至 {}，谢谢", "refund to ({})", "账户：{}。", "my account is {}.", "收款账号{}"]
t = 0
registry = [v for line in REGISTRY.splitlines() for v in line.split("|")]
assert len(registry) == 89, len(registry)
for v in registry:
    assert mod97(v), v
    for spelling in [v, v.replace(" ", "")]:
        pii("iban", spelling, IBAN_TEXTS[t % len(IBAN_TEXTS)])
        t += 1
for v in ["ES 58 0049 0290 3424 1352 8341", "ES10 0075 0080 11 0600658108", "ES15-0049-1806-9121-1186-9374",
          "ES72 2013-0692-81-0201150993", "NO 21 650 405 251 19", "NO07.8380.08.06006", "MK072 5012 0000 0589 84",
          "TL 38 008 00123456789101 57", "ME 25 5403 0000 2379 9201 09", "ES86 30580157682720001384"]:
    assert mod97(v), v
    pii("iban", v, IBAN_TEXTS[t % len(IBAN_TEXTS)])
    t += 1
for v in ["AL48212110090000000235698741", "AD1210012030200359100100", "AT611804300234573201", "BE68530907547034",
          "BA391290709401028494", "BG80BNBG99611020345678", "HR1210010052863000160", "CY17002001281000001200527600",
          "CZ6508000000129000145399", "CZ9455000000000101038930", "DK5000400440116342",
          "AD48 0001 2030 2003 5910 01", "AT93 1904 3002 3457 3201 99", "BE36 5390 0754 7034 1234",
          "BA30 1290 0794 0102 84", "QQ93 1234 5678"]:
    look("iban", v, "IBAN {} was rejected", "账号 {} 无效")
for v in registry[::3]:  # our own: one character of every third registry example changed
    s = v.replace(" ", "")
    broken = s[:-1] + ("0" if s[-1] != "0" else "1")
    assert not mod97(broken), broken
    look("iban", broken, "typo: {}", "写错了：{}")
for v in ["DE 2026", "GB22 shipping", "AT-1234", "SWIFT NWBKGB2L", "BIC DEUTDEFF", "ISO 9001", "EN 12345-1"]:
    look("iban", v, "see {} there", "参见{}。")

# ------------------------------------------------------------------------------ Chinese ID card
# python-stdnum tests/test_cn_ric.doctest: valid numbers and the broken ones.
for v in ["360426199101010071", "44011320141005001X", "412723199010050012", "110102199101010078",
          "120110198012010073", "120110199212010072"]:
    pii("cn-id", v, "身份证{}", "身份证号：{}。", "ID {} please", "（证件号 {}）")
for v in ["360426199113010079", "36042619910102009X", "T60426199101010078", "990426199112010074",
          "360426199101010072", "3604261991010100"]:
    look("cn-id", v, "证件号 {} 有误", "ID {} is invalid")

# ----------------------------------------------------------------------------- Taiwan national ID
# enylin/taiwan-id-validator src/id-card-number.test.ts: valid national IDs and the new-format
# resident certificate numbers (same check digit), and the invalid ones.
TW_VALID = ["A123456789", "F131104093", "O158238845", "N116247806", "L122544270", "C180661564", "Y123456788",
            "A800000014", "A900207177", "A803095426", "A930196810", "B801300667", "C800151116", "H802717288",
            "T900251126", "A870000015", "A880000018", "A890000011"]
TW_INVALID = ["A12345678", "A123456788", "F131104091", "O158238842", "A323456789", "A423456789", "A523456789",
              "A623456789", "A723456789", "F931104091", "FG31104091", "O958238842", "OY58238842"]


def tw_check(v):
    letters = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
    if len(v) != 10 or v[0] not in letters or not v[1:].isdigit() or v[1] not in "1289":
        return False
    n = letters.index(v[0]) + 10
    total = n // 10 + (n % 10) * 9 + sum(int(c) * w for c, w in zip(v[1:9], range(8, 0, -1))) + int(v[9])
    return total % 10 == 0


for v in TW_VALID:
    assert tw_check(v), v
    pii("tw-id", v, "身分證字號：{}", "my Taiwan ID is {}.", "（身分證 {}）", "統一證號{}，謝謝")
for v in TW_INVALID:
    assert not tw_check(v), v
    look("tw-id", v, "身分證字號：{}", "code {} here")
for v in ["B123456781", "SKU A1234567890", "型号 E1234567"]:
    assert not tw_check(v.split()[-1]), v
    look("tw-id", v, "產品 {} 缺貨", "item {} out of stock")

# -------------------------------------------------------------------------------- Hong Kong ID
# rupertl/business-hk-identitycard t/hkid.t, iLexN/HKID-Check-Digit README: valid and invalid.
HK_VALID = ["A123456(3)", "A123458(A)", "A123466(0)", "UH456123(7)", "CA182361(1)"]
HK_INVALID = ["A123456(9)", "A1(2)", "123456(3)", "UH456123(8)", "CA182361(2)"]


def hk_check(v):
    body, check = v[:-3], v[-2]
    if not (body[:-6].isalpha() and body[-6:].isdigit()):
        return False
    vals = ([36] if len(body) == 7 else []) + [ord(c) - 55 for c in body[:-6]] + [int(c) for c in body[-6:]]
    total = sum(x * w for x, w in zip(vals, range(9, 1, -1)))
    r = (11 - total % 11) % 11
    return check == ("A" if r == 10 else str(r))


for v in HK_VALID:
    assert hk_check(v), v
    pii("hk-id", v, "香港身份證 {}", "HKID: {}.", "證件號碼{}，謝謝", "my ID card is {}", "身份证（{}）",
        "hkid {}")
for v in HK_INVALID:
    assert not hk_check(v), v
    look("hk-id", v, "香港身份證 {}", "code {} here")
for v in ["A1(2)", "step 3(a)", "第 2(1) 条", "B2(3)", "Q3(4)", "rule 12(3)"]:
    look("hk-id", v, "see {} there", "参见{}。")

# ----------------------------------------------------------------------------------- passports
# Presidio (test_us_passport_recognizer.py, test_uk_passport_recognizer.py) numbers and the
# Chinese passport formats (E + 8 digits, EA + 7 digits): a number is a passport number only with
# the word next to it; the same shapes without it are model or order numbers and stay.
PASSPORTS = ["A12803456", "912803456", "Z12803456", "E12345678", "EA1234567", "G12345678", "925665416",
             "E98765432", "P1234567", "K01234567"]
for v in PASSPORTS:
    pii("passport", v, "my passport is {}", "护照号码：{}", "passport no. {}.", "護照號碼 {}", "（护照 {}）",
        "Passport Number: {}")
for v in PASSPORTS:
    look("passport", v, "型号 {} 的打印机", "model {} is sold out")
for v in ["passport photo 35x45", "护照办理需要 7 个工作日", "passport renewal cost $130", "护照照片 2 张",
          "passport office opens at 9:30", "the Passport 2026 event"]:
    look("passport", v, "{}", "note: {}")

# ---------------------------------------------------------------------------------- secret URLs
SECRET_URLS = ["https://example.com/reset?token=8f14e45fceea167a", "https://api.example.com/v1/items?api_key=AKIA1234567890",
               "http://example.com/login?user=zhang&password=hunter2", "https://example.com/cb#access_token=ya29.a0Af",
               "https://bucket.s3.amazonaws.com/x.pdf?X-Amz-Signature=abc123&X-Amz-Credential=AKIA",
               "https://example.com/share?sig=0a1b2c", "www.example.com/verify?auth=9999", "https://example.com/?session=s3ss10n",
               "https://hooks.example.com/?secret=top", "https://example.com/dl?key=1234"]
for v in SECRET_URLS:
    pii("secret-url", v, "open {} please", "链接：{}。", "({})", "点这里 {} 重置密码")
for v in ["https://example.com/docs?page=2", "https://example.com/tokens", "https://example.com/search?q=token",
          "https://example.com/?key=", "www.example.com", "http://example.com/passwords-guide", "https://example.com/#section-2"]:
    look("secret-url", v, "see {} please", "见{}。")

# ------------------------------------------------------------------------------------------ out
print("# class\texpected\tvalue\ttext")
for row in ROWS:
    assert "\t" not in "".join(row) and "\n" not in "".join(row), row
    assert row[2] in row[3], row
    print("\t".join(row))
print("lines=%d" % len(ROWS), file=sys.stderr)
