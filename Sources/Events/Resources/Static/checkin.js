// Optional camera scanning for the check-in page: where the browser has BarcodeDetector and a
// camera, a button starts the camera and fills in the code from the ticket's QR (which carries
// the check-in address with ?code=…). Typing the code works without any of this.
(function () {
  var box = document.getElementById('scanner');
  if (!box || !('BarcodeDetector' in window) || !navigator.mediaDevices) return;
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = box.getAttribute('data-label');
  box.hidden = false;
  box.insertBefore(button, box.firstChild);
  button.addEventListener('click', function () {
    var video = document.getElementById('scanner-video');
    var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
      video.srcObject = stream;
      video.play();
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            var text = codes[0].rawValue, match = /[?&]code=([A-Z0-9-]+)/.exec(text);
            document.getElementById('f-code').value = match ? match[1] : text;
            stream.getTracks().forEach(function (t) { t.stop(); });
            document.getElementById('f-code').form.submit();
          } else { requestAnimationFrame(look); }
        }).catch(function () { requestAnimationFrame(look); });
      };
      look();
    });
  });
})();
