#include "libcommon/overlay/home/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "libcommon/base/bytes.hpp"
#include "libcommon/security/hash.hpp"

namespace disco::overlay {

namespace {
std::string describe(std::string_view what, const std::filesystem::path& path, int err) {
  return std::string(what) + " " + path.string() + ": " + std::strerror(err);
}
}  // namespace

std::optional<std::string> write_file_atomic(const std::filesystem::path& path, std::string_view data, mode_t mode) {
  auto tmp = path;
  tmp += ".tmp-" + base::to_hex(security::random_bytes(6));
  // O_EXCL: never follow or reuse something already there; the mode applies from creation on.
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return describe("cannot create", tmp, errno);
  std::optional<std::string> error;
  if (::fchmod(fd, mode) != 0) error = describe("cannot chmod", tmp, errno);
  std::size_t done = 0;
  while (!error && done < data.size()) {
    const auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = describe("cannot write", tmp, errno);
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (!error && ::fsync(fd) != 0) error = describe("cannot sync", tmp, errno);
  if (::close(fd) != 0 && !error) error = describe("cannot close", tmp, errno);
  if (!error && ::rename(tmp.c_str(), path.c_str()) != 0) error = describe("cannot rename to", path, errno);
  if (error) ::unlink(tmp.c_str());
  return error;
}

std::optional<std::string> make_private_dir(const std::filesystem::path& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) return describe("cannot create directory", path, errno);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return describe("cannot stat", path, errno);
  if (!S_ISDIR(st.st_mode)) return path.string() + " exists and is not a directory";
  if (::chmod(path.c_str(), mode) != 0) return describe("cannot chmod", path, errno);
  return std::nullopt;
}

base::result<std::string, std::string> read_file(const std::filesystem::path& path, std::size_t max_size) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return base::failure{"cannot read " + path.string() + ": " + ec.message()};
  if (size > max_size) return base::failure{path.string() + " is larger than " + std::to_string(max_size) + " bytes"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::failure{"cannot open " + path.string()};
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() > max_size)
    return base::failure{path.string() + " is larger than " + std::to_string(max_size) + " bytes"};
  return data;
}

}  // namespace disco::overlay
