#include "font_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "imgui.h"

namespace tpviewer {

int default_face(const std::string& font_path, const std::string& locale) {
    const std::size_t slash = font_path.find_last_of('/');
    const std::string name = font_path.substr(slash == std::string::npos ? 0 : slash + 1);
    if (name.rfind("NotoSansCJK", 0) != 0 && name.rfind("NotoSerifCJK", 0) != 0) return 0;
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".ttc") != 0) return 0;
    auto starts = [&](const char* prefix) { return locale.rfind(prefix, 0) == 0; };
    if (starts("zh-HK") || starts("zh-MO")) return 4;
    if (starts("zh-TW") || starts("zh-Hant")) return 3;
    if (starts("zh")) return 2;
    if (starts("ko")) return 1;
    return starts("ja") ? 0 : 2;  // Latin-script locales: the Simplified Chinese face
}

namespace {
// The sfnt header (TrueType 0x00010000 or "true", CFF "OTTO") or a collection ("ttcf" with its
// face count). ImGui asserts on data stb_truetype cannot parse, so files are checked first.
std::string check_font_header(std::FILE* f, const std::string& path, int face) {
    unsigned char h[12] = {};
    if (std::fread(h, 1, sizeof h, f) != sizeof h) return path + ": not a font ImGui can read (too short)";
    const std::string tag(reinterpret_cast<const char*>(h), 4);
    if (tag == "ttcf") {
        const unsigned long faces = (static_cast<unsigned long>(h[8]) << 24) | (h[9] << 16) | (h[10] << 8) | h[11];
        if (static_cast<unsigned long>(face) >= faces)
            return path + ": face " + std::to_string(face) + " asked for, the collection has " + std::to_string(faces);
        return "";
    }
    const bool sfnt = (h[0] == 0 && h[1] == 1 && h[2] == 0 && h[3] == 0) || tag == "true" || tag == "OTTO";
    if (!sfnt) return path + ": not a font ImGui can read (TrueType, OpenType or a .ttc collection)";
    if (face != 0) return path + ": face " + std::to_string(face) + " asked for, the file has one";
    return "";
}
}  // namespace

std::string add_font_file(ImFontAtlas* atlas, const std::string& path, int face, float size_pixels) {
    // Check first, so a missing or wrong file is a clear message rather than ImGui's assertion.
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return path + ": " + std::strerror(errno) + " (give a TTF/OTF/TTC font with --font)";
    const std::string bad = check_font_header(f, path, face < 0 ? 0 : face);
    std::fclose(f);
    if (!bad.empty()) return bad;
    ImFontConfig cfg;
    cfg.FontNo = static_cast<ImU32>(face < 0 ? 0 : face);
    if (!atlas->AddFontFromFileTTF(path.c_str(), size_pixels, &cfg))
        return path + ": not a font ImGui can read (face " + std::to_string(face) + ")";
    static const char* const kSymbols = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (std::FILE* s = std::fopen(kSymbols, "rb")) {
        std::fclose(s);
        ImFontConfig merge;
        merge.MergeMode = true;
        atlas->AddFontFromFileTTF(kSymbols, size_pixels, &merge);
    }
    return "";
}

}  // namespace tpviewer
