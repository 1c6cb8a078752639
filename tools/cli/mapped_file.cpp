// See mapped_file.hpp. The SIGBUS handler: a fault inside the watched range (the file cut shorter
// under its mapping) maps a page of zeros over the faulting page and returns, so the read that
// faulted is retried and reads zeros; any other SIGBUS gets the disposition from before and
// faults again. mmap is a plain system call on Linux, safe in a handler in practice though POSIX
// does not list it as async-signal-safe.
#include "cli/mapped_file.hpp"

#include <atomic>
#include <csignal>
#include <cstdint>
#include <utility>

#include <sys/mman.h>
#include <unistd.h>

namespace touchpoint::cli {
namespace {

std::atomic<const char*> g_watched{nullptr};  // the live MappedFile's range, if any
std::atomic<std::size_t> g_watched_size{0};
std::atomic<bool> g_cut{false};
struct sigaction g_before;  // the SIGBUS disposition before ours
std::atomic<bool> g_installed{false};
std::uintptr_t g_page = 4096;  // the page size, read once outside the handler

void on_sigbus(int sig, siginfo_t* info, void*) {
    const char* at = static_cast<const char*>(info->si_addr);
    const char* begin = g_watched.load();
    if (begin && at >= begin && at < begin + g_watched_size.load()) {
        void* start = reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(at) & ~(g_page - 1));
        if (mmap(start, g_page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
            g_cut.store(true);
            return;
        }
    }
    sigaction(sig, &g_before, nullptr);  // not ours (or no page to put there): as before
}

}  // namespace

std::optional<MappedFile> MappedFile::of(std::FILE* f, std::size_t size) {
    if (size == 0) return std::nullopt;
    const char* none = nullptr;
    if (!g_watched.compare_exchange_strong(none, reinterpret_cast<const char*>(1))) return std::nullopt;  // claimed
    void* at = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
    if (at == MAP_FAILED) {
        g_watched.store(nullptr);
        return std::nullopt;
    }
    madvise(at, size, MADV_SEQUENTIAL);  // read front to back: read ahead far when not cached
    if (!g_installed.exchange(true)) {
        g_page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
        struct sigaction ours {};
        ours.sa_sigaction = on_sigbus;
        ours.sa_flags = SA_SIGINFO;
        sigemptyset(&ours.sa_mask);
        sigaction(SIGBUS, &ours, &g_before);
    }
    g_cut.store(false);
    g_watched_size.store(size);
    g_watched.store(static_cast<const char*>(at));
    return MappedFile(static_cast<const char*>(at), size);
}

MappedFile::MappedFile(MappedFile&& other) noexcept : data_(std::exchange(other.data_, nullptr)), size_(other.size_) {}

MappedFile::~MappedFile() {
    if (!data_) return;
    g_watched.store(nullptr);  // unwatched first: the range may be another mapping's once unmapped
    g_watched_size.store(0);
    munmap(const_cast<char*>(data_), size_);
}

bool MappedFile::cut_short() const { return g_cut.load(); }

}  // namespace touchpoint::cli
