#include "libcommon/wire/writer.hpp"

namespace disco::wire {

namespace {
std::uint64_t max_for_prefix(int prefix_bytes) {
  return prefix_bytes >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * prefix_bytes)) - 1;
}
}  // namespace

void Writer::u16(std::uint16_t v) {
  buf_.push_back(static_cast<std::uint8_t>(v >> 8));
  buf_.push_back(static_cast<std::uint8_t>(v));
}

void Writer::u32(std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) buf_.push_back(static_cast<std::uint8_t>(v >> shift));
}

void Writer::u64(std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) buf_.push_back(static_cast<std::uint8_t>(v >> shift));
}

void Writer::opaque(int prefix_bytes, base::BytesView v, std::string_view field) {
  if (v.size() > max_for_prefix(prefix_bytes)) {
    fail(errc::value_too_long, field);
    return;
  }
  for (int shift = 8 * (prefix_bytes - 1); shift >= 0; shift -= 8) {
    buf_.push_back(static_cast<std::uint8_t>(v.size() >> shift));
  }
  raw(v);
}

std::size_t Writer::placeholder(int prefix_bytes) {
  const std::size_t at = buf_.size();
  buf_.insert(buf_.end(), static_cast<std::size_t>(prefix_bytes), 0);
  return at;
}

void Writer::patch_length(std::size_t at, int prefix_bytes, std::string_view field) {
  const std::size_t n = buf_.size() - at - static_cast<std::size_t>(prefix_bytes);
  if (n > max_for_prefix(prefix_bytes)) {
    fail(errc::value_too_long, field);
    return;
  }
  for (int i = 0; i < prefix_bytes; ++i) {
    buf_[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * (prefix_bytes - 1 - i)));
  }
}

void Writer::patch_u16(std::size_t at, std::uint16_t v) {
  buf_[at] = static_cast<std::uint8_t>(v >> 8);
  buf_[at + 1] = static_cast<std::uint8_t>(v);
}

void Writer::patch_u32(std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) buf_[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

void Writer::fail(std::error_code code, std::string_view field) {
  if (!error_) error_ = EncodeError{code, structure_, field};
}

}  // namespace disco::wire
