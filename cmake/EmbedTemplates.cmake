# Embeds every file under templates/ into a generated C++ source, as a table of
# {relative path, bytes}. lib/catalogue/templates.cpp reads that table, so the
# binary carries its built-in project and report templates with no install path.
function(embed_templates src_dir out_file)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${src_dir} ${src_dir}/*)
  list(SORT files)
  add_custom_command(
    OUTPUT ${out_file}
    COMMAND ${CMAKE_COMMAND} -DSRC_DIR=${src_dir} -DOUT_FILE=${out_file}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedTemplatesRun.cmake
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedTemplatesRun.cmake
    COMMENT "Embedding templates/"
    VERBATIM)
  foreach(f ${files})
    set_property(SOURCE ${out_file} APPEND PROPERTY OBJECT_DEPENDS ${src_dir}/${f})
    add_custom_command(OUTPUT ${out_file} DEPENDS ${src_dir}/${f} APPEND)
  endforeach()
endfunction()
