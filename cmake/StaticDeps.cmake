# Startup cost (issue 10). callgrind on `interlink --version` showed 77% of its
# instructions in the dynamic loader (_dl_relocate_object, _dl_lookup_symbol_x)
# relocating the shared libraries it needs, for a process that then prints
# one line: libcrypto alone has 21,113 relocations, libstdc++ 5,195, SQLite
# 2,963, yaml-cpp 487 (`readelf -r`). Debian ships static archives of
# libcrypto, SQLite and yaml-cpp, so the binary links those statically and
# every process start, including a script calling interlink in a loop, saves
# their relocation; -Wl,-O1,--as-needed drops any library not used.
# Sanitizer builds keep the shared libraries.
#
# Sets INTERLINK_YAML_LIB (the yaml-cpp target to link), repoints
# SQLite::SQLite3 and OpenSSL::Crypto at their archives, and defines
# interlink_link_options(TARGET).
option(INTERLINK_STATIC_DEPS "Link libcrypto, SQLite and yaml-cpp statically (faster process start)" ON)

set(INTERLINK_YAML_LIB yaml-cpp)
if(INTERLINK_STATIC_DEPS AND NOT INTERLINK_SANITIZE)
  find_package(Threads REQUIRED)
  find_library(INTERLINK_YAML_ARCHIVE NAMES libyaml-cpp.a)
  find_library(INTERLINK_SQLITE_ARCHIVE NAMES libsqlite3.a)
  find_library(INTERLINK_CRYPTO_ARCHIVE NAMES libcrypto.a)
  if(INTERLINK_YAML_ARCHIVE AND INTERLINK_SQLITE_ARCHIVE AND INTERLINK_CRYPTO_ARCHIVE)
    add_library(interlink_yaml_static STATIC IMPORTED)
    get_target_property(_yaml_inc yaml-cpp INTERFACE_INCLUDE_DIRECTORIES)
    set_target_properties(interlink_yaml_static PROPERTIES IMPORTED_LOCATION "${INTERLINK_YAML_ARCHIVE}")
    if(_yaml_inc)
      set_target_properties(interlink_yaml_static PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_yaml_inc}")
    endif()
    set(INTERLINK_YAML_LIB interlink_yaml_static)
    set_target_properties(SQLite::SQLite3 PROPERTIES IMPORTED_LOCATION "${INTERLINK_SQLITE_ARCHIVE}")
    set_property(TARGET SQLite::SQLite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads ${CMAKE_DL_LIBS} m)
    set_target_properties(OpenSSL::Crypto PROPERTIES IMPORTED_LOCATION "${INTERLINK_CRYPTO_ARCHIVE}")
    set_property(TARGET OpenSSL::Crypto APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads ${CMAKE_DL_LIBS})
  else()
    message(STATUS "interlink: a static archive is missing; linking the shared libraries")
  endif()
endif()

function(interlink_link_options target)
  target_link_options(${target} PRIVATE -Wl,-O1 -Wl,--as-needed)
endfunction()
