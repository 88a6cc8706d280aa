#pragma once
// Files of the overlay home: written atomically with their final mode from the first byte, read
// with a size bound.

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "libcommon/base/result.hpp"

namespace disco::overlay {

// Writes `data` to a new temporary file next to `path`, created with `mode` (and fchmod'ed to it,
// whatever the umask), fsyncs it and renames it over `path`. The error names the path and errno.
std::optional<std::string> write_file_atomic(const std::filesystem::path& path, std::string_view data, mode_t mode);
// mkdir with exactly `mode`; an existing directory is chmod'ed to it.
std::optional<std::string> make_private_dir(const std::filesystem::path& path, mode_t mode = 0700);
base::result<std::string, std::string> read_file(const std::filesystem::path& path, std::size_t max_size);

}  // namespace disco::overlay
