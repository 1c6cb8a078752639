// tools/cli/mapped_file.cpp: a mapped file reads as the file, one mapping at a time, and a file cut
// shorter under its mapping reads as zeros past its new end (cut_short) instead of stopping the
// program with SIGBUS.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include <unistd.h>

#include "cli/mapped_file.hpp"

using touchpoint::cli::MappedFile;

namespace {

// A temporary file holding `text`, open for reading; removed when done.
struct TempFile {
    std::string path;
    std::FILE* f = nullptr;
    explicit TempFile(const std::string& text) {
        char name[] = "/tmp/tp_mapped_file_XXXXXX";
        const int fd = mkstemp(name);
        REQUIRE(fd >= 0);
        path = name;
        REQUIRE(write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
        close(fd);
        f = std::fopen(path.c_str(), "rb");
        REQUIRE(f);
    }
    ~TempFile() {
        std::fclose(f);
        std::remove(path.c_str());
    }
};

}  // namespace

TEST_CASE("a mapped file reads as the file") {
    TempFile t("{\"a\":1}\n{\"b\":2}\n");
    const auto m = MappedFile::of(t.f, 16);
    REQUIRE(m);
    CHECK(m->bytes() == "{\"a\":1}\n{\"b\":2}\n");
    CHECK_FALSE(m->cut_short());
}

TEST_CASE("an empty file is not mapped (it is streamed)") {
    TempFile t("");
    CHECK_FALSE(MappedFile::of(t.f, 0));
}

TEST_CASE("one mapping at a time: a second is refused until the first is gone") {
    TempFile a("first\n"), b("second\n");
    {
        const auto first = MappedFile::of(a.f, 6);
        REQUIRE(first);
        CHECK_FALSE(MappedFile::of(b.f, 7));
    }
    const auto second = MappedFile::of(b.f, 7);
    REQUIRE(second);
    CHECK(second->bytes() == "second\n");
}

TEST_CASE("a file cut shorter while mapped reads as zeros past its new end, and says so") {
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    TempFile t(std::string(4 * page, 'x'));
    const auto m = MappedFile::of(t.f, 4 * page);
    REQUIRE(m);
    CHECK(m->bytes()[3 * page] == 'x');  // read while whole: this page is cached in the mapping's view
    REQUIRE(truncate(t.path.c_str(), static_cast<off_t>(page)) == 0);
    const std::string_view bytes = m->bytes();
    CHECK(bytes[0] == 'x');       // still in the file
    CHECK(bytes[2 * page] == 0);  // cut: SIGBUS without the handler
    CHECK(bytes[4 * page - 1] == 0);
    CHECK(m->cut_short());
}
