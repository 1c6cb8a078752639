// The words around a candidate: a version word keeps a dotted quad ("v1.2.3.4"), an order word
// keeps a number that happens to validate ("订单号 13812345678"), a passport word is what makes a
// passport number one. Rules: see the index in redact.cpp.
#include "redact_scanner.hpp"

namespace touchpoint::redact_detail {

// The word right before k (skipping spaces and ":#=."), for context rules.
std::size_t Scanner::skip_back_punct(std::size_t k) const {
    while (k > 0 && (s_[k - 1] == ' ' || s_[k - 1] == ':' || s_[k - 1] == '#' || s_[k - 1] == '=' ||
                     s_[k - 1] == '.' || s_[k - 1] == '\t' || s_[k - 1] == '('))
        --k;
    return k;
}

std::string_view Scanner::ascii_word_before(std::size_t k, std::size_t& word_start) const {
    std::size_t e = k;
    while (k > 0 && is_alpha(s_[k - 1]) && e - k < 16) --k;
    word_start = k;
    return std::string_view(s_).substr(k, e - k);
}

bool Scanner::original_ends_with(std::size_t folded_k, std::string_view suffix) const {
    std::size_t e = off_[folded_k];
    return e >= suffix.size() && orig_.substr(e - suffix.size(), suffix.size()) == suffix;
}

bool Scanner::version_context(std::size_t i) const {
    std::size_t k = skip_back_punct(i);
    std::size_t ws;
    std::string_view w = ascii_word_before(k, ws);
    static const char* const kWords[] = {"v", "ver", "version", "build", "release", "firmware", "fw", "rev"};
    for (const char* word : kWords)
        if (iequals(w, word)) return true;
    if (w.empty() && k > 0 && s_[k - 1] == kOther)
        return original_ends_with(k, "版本") || original_ends_with(k, "版本号") || original_ends_with(k, "固件");
    return false;
}

bool Scanner::order_context(std::size_t i) const {
    std::size_t k = skip_back_punct(i);
    std::size_t ws;
    std::string_view w = ascii_word_before(k, ws);
    static const char* const kOrderWords[] = {"order", "orderid", "invoice", "tracking", "ticket", "ref",
                                              "reference", "sku", "awb", "po"};
    auto is_order_word = [&](std::string_view word) {
        for (const char* o : kOrderWords)
            if (iequals(word, o)) return true;
        return false;
    };
    if (is_order_word(w)) return true;
    if (iequals(w, "no") || iequals(w, "id") || iequals(w, "number") || iequals(w, "num")) {
        std::size_t ws2;
        return is_order_word(ascii_word_before(skip_back_punct(ws), ws2));
    }
    if (w.empty() && k > 0 && s_[k - 1] == kOther) {
        static const char* const kZh[] = {"订单号", "订单", "单号", "编号", "流水号", "发票号", "工单号", "工单", "货号"};
        for (const char* z : kZh)
            if (original_ends_with(k, z)) return true;
    }
    return false;
}

bool Scanner::passport_context(std::size_t i) const {
    std::size_t k = skip_back_punct(i);
    std::size_t ws;
    std::string_view w = ascii_word_before(k, ws);
    if (iequals(w, "passport")) return true;
    // "passport no. E12345678", "Passport Number: 925665416", "my passport is A12803456"
    static const char* const kFillers[] = {"no", "nr", "num", "number", "is", "id"};
    for (const char* f : kFillers) {
        if (!iequals(w, f)) continue;
        std::size_t ws2;
        return iequals(ascii_word_before(skip_back_punct(ws), ws2), "passport");
    }
    if (w.empty() && k > 0 && s_[k - 1] == kOther) {
        static const char* const kZh[] = {"护照", "護照", "护照号", "護照號", "护照号码", "護照號碼", "护照号码为",
                                          "护照号是", "护照号码是"};
        for (const char* z : kZh)
            if (original_ends_with(k, z)) return true;
    }
    return false;
}

}  // namespace touchpoint::redact_detail
