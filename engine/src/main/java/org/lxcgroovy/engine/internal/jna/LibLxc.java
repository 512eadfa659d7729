package org.lxcgroovy.engine.internal.jna;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The exported free functions of liblxc.so.1, under their C names. C {@code bool} results are mapped as
 * {@code byte} (the psABI defines only the low 8 bits). Loaded by SONAME: the unversioned link exists only with
 * the -dev package.
 */
public interface LibLxc extends Library {
    String SONAME = "liblxc.so.1";

    LibLxc INSTANCE = Native.load(SONAME, LibLxc.class);

    /** The address of {@code lxc_attach_run_command}, passed to {@code attach()} as the exec function. */
    Function ATTACH_RUN_COMMAND = NativeLibrary.getInstance(SONAME).getFunction("lxc_attach_run_command");

    /** The address of {@code lxc_attach_run_shell}: the user's shell, payload ignored. */
    Function ATTACH_RUN_SHELL = NativeLibrary.getInstance(SONAME).getFunction("lxc_attach_run_shell");

    Pointer lxc_container_new(String name, String configpath);

    int lxc_container_put(Pointer c);

    int lxc_get_wait_states(Pointer states);

    String lxc_get_global_config_item(String key);

    String lxc_get_version();

    int list_defined_containers(String lxcpath, PointerByReference names, PointerByReference cret);

    int list_active_containers(String lxcpath, PointerByReference names, PointerByReference cret);

    int list_all_containers(String lxcpath, PointerByReference names, PointerByReference cret);

    int lxc_log_init(Pointer log);

    byte lxc_config_item_is_supported(String key);

    byte lxc_has_api_extension(String extension);
}
