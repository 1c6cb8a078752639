// A regular file's bytes in place: the OS's cached pages mapped read-only, so a scan reads them
// with no copy into a buffer (`touchpoint score`: fread's copy was a tenth of a pass).
//
// A mapped file that another program cuts shorter while it is read (a re-export to the same path,
// a log rotated by truncation) would stop the program with SIGBUS at the first page past its new
// end. Instead, such a page reads as zeros from then on and cut_short() says so: the reader must
// then discard what it read (zeros are no NDJSON; its results would be of another file).
#pragma once
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string_view>

namespace touchpoint::cli {

class MappedFile {
public:
    // The first `size` bytes of the open file `f` (a regular file of at least that size). Nothing
    // if it cannot be mapped (a pipe, an empty file, no address space for it) or another
    // MappedFile is alive (one at a time: the SIGBUS handler watches one range): stream it then.
    static std::optional<MappedFile> of(std::FILE* f, std::size_t size);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile& operator=(MappedFile&&) = delete;
    ~MappedFile();

    std::string_view bytes() const { return {data_, size_}; }
    // True once a page of it was found cut from the file (it reads as zeros since).
    bool cut_short() const;

private:
    MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
    const char* data_;
    std::size_t size_;
};

}  // namespace touchpoint::cli
