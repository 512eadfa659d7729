package org.lxcgroovy.engine;

import java.util.AbstractList;

/**
 * A container's configured network interfaces, {@code lxc.net.N.*}, as {@link Nic} views: {@code c.network[0]},
 * {@code c.network.add('veth')}, {@code c.network.remove(1)}. Changes are in memory until {@code saveConfig()}.
 */
public final class NicList extends AbstractList<Nic> {
    private final Container container;

    NicList(Container container) {
        this.container = container;
    }

    @Override
    public Nic get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("container '" + container.getName() + "' has " + size()
                    + " network interfaces, no " + index);
        }
        return new Nic(container, index);
    }

    @Override
    public int size() {
        return ((java.util.List<?>) container.getConfigItem("lxc.net")).size();
    }

    /** Adds an interface of {@code type} ("veth", "macvlan", "none", ...) and returns its view. */
    public Nic add(String type) {
        int index = size();
        container.appendConfigItem("lxc.net." + index + ".type", type);
        return new Nic(container, index);
    }

    /** Removes interface {@code index} from the configuration. */
    @Override
    public Nic remove(int index) {
        Nic nic = get(index);
        container.clearConfigItem("lxc.net." + index);
        return nic;
    }
}
