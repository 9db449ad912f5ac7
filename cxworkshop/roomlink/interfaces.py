"""The laptop's network addresses a room link can listen on (QNetworkInterface)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Interface:
    name: str     # what the system calls it, e.g. "wlan0" or "Wi-Fi"
    address: str  # its IPv4 address

    @property
    def label(self) -> str:
        return f"{self.name} — {self.address}"


def lan_interfaces() -> list[Interface]:
    """Interfaces that are up, with an IPv4 address, loopback last (for testing alone)."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface
    found: list[Interface] = []
    loopback: list[Interface] = []
    for iface in QNetworkInterface.allInterfaces():
        flags = iface.flags()
        if not (flags & QNetworkInterface.InterfaceFlag.IsUp
                and flags & QNetworkInterface.InterfaceFlag.IsRunning):
            continue
        for entry in iface.addressEntries():
            ip = entry.ip()
            if ip.protocol() != QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                continue
            item = Interface(iface.humanReadableName() or iface.name(), ip.toString())
            (loopback if ip.isLoopback() else found).append(item)
    return found + loopback
