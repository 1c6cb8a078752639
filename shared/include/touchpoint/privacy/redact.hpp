// PII redaction of free text, run on the respondent's device before an answer leaves it:
//   "我的手机是13812345678请回电"  ->  "我的手机是[phone]请回电"
// Purpose-built linear scanners (no std::regex: size and speed in wasm, no catastrophic cases).
// Kinds and their placeholders: [email] [phone] [id-number] [card] [iban] [ip] [secret-url].
// Each candidate is validated (Luhn and the brand's IIN and length for cards, check digits for
// Chinese, Taiwanese and Hong Kong ID numbers, mod-97 and the registered length for IBANs, octet
// ranges for IP addresses, a nearby keyword for passport numbers) so look-alikes stay: order
// numbers, dates, times, prices, versions ("v1.2.3.4", "version 1.2.3.4" and "版本 1.2.3.4" are
// not addresses).
// Full-width digits and signs (１３８…, ＠, ＋, （）) are recognized as their ASCII forms.
// Rules and deliberate limits are listed in shared/src/privacy/redact.cpp.
#pragma once
#include <array>
#include <string>
#include <string_view>

namespace touchpoint {

enum class PiiKind { Email, Phone, IdNumber, Card, Iban, Ip, SecretUrl };
constexpr int kPiiKindCount = 7;

const char* pii_kind_name(PiiKind kind);         // "email", "phone", "id-number", ... (JSON keys)
const char* pii_kind_placeholder(PiiKind kind);  // "[email]", "[phone]", ...

struct RedactResult {
    std::string text;                      // the input with every finding replaced by its placeholder
    int count = 0;                         // total replacements
    std::array<int, kPiiKindCount> kinds{};  // replacements per PiiKind, indexed by its value
    int of(PiiKind kind) const { return kinds[std::size_t(kind)]; }
};

// What a redaction removes. KeepContactDetails is the free-text policy "pii": "allow": the
// respondent chose to leave an e-mail address or phone number, so those stay; credentials (secret
// URLs), payment data (cards, IBANs), ID numbers and IP addresses are removed all the same.
enum class RedactScope { All, KeepContactDetails };
bool pii_kind_is_contact(PiiKind kind);          // email and phone: what KeepContactDetails keeps

RedactResult redact_text(std::string_view text, RedactScope scope = RedactScope::All);

}  // namespace touchpoint
