"""assist_desktop: green-card hardship files (绿卡帮扶档案) for grassroots trade unions."""

__version__ = "0.1.0"
