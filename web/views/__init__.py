"""The site's areas, one blueprint each (``bp``); ``web.app`` registers them."""
