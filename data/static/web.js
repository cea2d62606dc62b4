// mandate's web pages work without this script; with it, the calendar
// address gets a copy button.  Loaded from a file so that the
// Content-Security-Policy can forbid inline script.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
	document.querySelectorAll('button.copy[data-copy]').forEach(function (button) {
		var input = document.getElementById(button.getAttribute('data-copy'));
		var status = button.parentNode.parentNode.querySelector('.copied');
		if (!input) return;
		button.hidden = false;
		button.addEventListener('click', function () {
			var done = function () { if (status) status.textContent = 'Copied.'; };
			input.select();
			if (navigator.clipboard && window.isSecureContext) {
				navigator.clipboard.writeText(input.value).then(done, function () {
					if (document.execCommand('copy')) done();
				});
			} else if (document.execCommand('copy')) {
				done();
			}
		});
	});
});
