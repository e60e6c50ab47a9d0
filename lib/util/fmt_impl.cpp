// fmt's compiled part, built into interlink from Debian's libfmt-dev headers
// (cmake/StaticDeps.cmake defines INTERLINK_FMT_COMPILED when it does this).
//
// Why: linking the shared libfmt.so.9 loads libstdc++.so with it, and the
// dynamic loader relocating that was most of `interlink --version` (issue
// 10). Debian ships no libfmt.a, and FMT_HEADER_ONLY made every one of the
// ~90 files that use fmt a third slower to compile. So the one file that
// libfmt is built from, format-inl.h, is compiled here once: its functions
// are defined out of line (FMT_FUNC is empty outside header-only mode), and
// the templates that format.h declares `extern` are instantiated below, the
// same set libfmt.so.9 exports (`nm -DC --defined-only libfmt.so.9`).
// fmt/os.h (files, pipes) is not compiled: interlink does not use it, and a
// use would fail to link rather than misbehave.
#ifdef INTERLINK_FMT_COMPILED

#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;

template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<wchar_t>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API auto decimal_point_impl(locale_ref) -> wchar_t;

template FMT_API void buffer<char>::append(const char*, const char*);
template FMT_API void buffer<wchar_t>::append(const wchar_t*, const wchar_t*);

template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;

template FMT_API void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>, locale_ref);

}  // namespace detail
FMT_END_NAMESPACE

#endif  // INTERLINK_FMT_COMPILED
